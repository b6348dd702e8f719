import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../auth/SessionProvider';
import { InlineError } from '../components/states';
import { graphql } from '../gql';

const SignInMutation = graphql(`
  mutation SignIn($username: String!, $password: String!) {
    login(username: $username, password: $password) {
      token
      expiresAt
      user {
        login
      }
    }
  }
`);

/** Only same-site paths are followed after sign-in. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignInPage() {
  const { session, signIn, signedOutReason } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [login, { loading, error }] = useMutation(SignInMutation);
  const next = safeNext(params.get('next'));

  if (session) return <Navigate to={next} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login({ variables: { username, password } }).then(
      ({ data }) => {
        if (!data) return;
        signIn({
          token: data.login.token,
          login: data.login.user.login,
          expiresAt: data.login.expiresAt,
        });
        void navigate(next, { replace: true });
      },
      () => undefined, // shown through `error`
    );
  };

  return (
    <div className="mx-auto max-w-sm">
      <h1 className="mb-4 text-2xl font-semibold">Sign in</h1>
      {signedOutReason === 'expired' && (
        <p role="status" className="mb-4 rounded border border-amber-300 bg-amber-50 p-3 text-sm">
          Your session expired. Sign in again to continue.
        </p>
      )}
      <form onSubmit={submit} className="card space-y-4 p-5">
        <div>
          <label htmlFor="username" className="label">
            Username
          </label>
          <input
            id="username"
            className="input"
            autoComplete="username"
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor="password" className="label">
            Password
          </label>
          <input
            id="password"
            type="password"
            className="input"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <button type="submit" className="btn-primary w-full" disabled={loading}>
          {loading ? 'Signing in…' : 'Sign in'}
        </button>
        <InlineError error={error} />
        <p className="text-xs text-slate-500">
          Your git host credentials are exchanged for a session; GitForge never stores them.
        </p>
      </form>
    </div>
  );
}
