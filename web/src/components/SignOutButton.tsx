import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useSession } from '../auth/SessionProvider';
import { graphql } from '../gql';

const SignOutMutation = graphql(`
  mutation SignOut {
    logout
  }
`);

/**
 * Ends the session on the server first (its token is refused from then on and the Gitea token
 * minted at sign-in is deleted), then forgets it here. The local sign-out happens even when the
 * server cannot be reached: the token then simply expires.
 */
export function SignOutButton() {
  const { signOut } = useSession();
  const navigate = useNavigate();
  const [logout] = useMutation(SignOutMutation);
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="rounded border border-slate-600 px-2 py-1 hover:bg-slate-800 disabled:opacity-60"
      disabled={busy}
      onClick={() => {
        setBusy(true);
        void logout()
          .catch(() => undefined)
          .finally(() => {
            signOut();
            void navigate('/');
          });
      }}
    >
      {busy ? 'Signing out…' : 'Sign out'}
    </button>
  );
}
