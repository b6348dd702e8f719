import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { fieldError } from '../apollo/errors';
import { InlineError } from '../components/states';
import { graphql } from '../gql';
import { ownerHref } from '../routes';

const CreateOrganizationMutation = graphql(`
  mutation CreateOrganization($login: String!, $fullName: String, $description: String) {
    createOrganization(input: { login: $login, fullName: $fullName, description: $description }) {
      login
      fullName
      description
      viewerIsOwner
    }
  }
`);

/** `/org/new`: the creator becomes the organization's owner. */
export function NewOrganizationPage() {
  const navigate = useNavigate();
  const [login, setLogin] = useState('');
  const [fullName, setFullName] = useState('');
  const [description, setDescription] = useState('');
  const [create, { loading, error }] = useMutation(CreateOrganizationMutation);
  const loginError = fieldError(error, 'login');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create({
      variables: {
        login: login.trim(),
        fullName: fullName.trim() || null,
        description: description.trim() || null,
      },
    }).then(
      ({ data }) => {
        if (data) void navigate(ownerHref(data.createOrganization.login));
      },
      () => undefined,
    );
  };

  return (
    <div className="mx-auto max-w-xl">
      <h1 className="mb-4 text-2xl font-semibold">Create an organization</h1>
      <form onSubmit={submit} className="card space-y-4 p-5">
        <div>
          <label htmlFor="org-login" className="label">
            Organization name
          </label>
          <input
            id="org-login"
            className="input"
            required
            maxLength={40}
            pattern="[A-Za-z0-9._\-]+"
            title="Letters, digits, '.', '_' and '-'"
            aria-invalid={loginError ? true : undefined}
            aria-describedby="org-login-hint"
            value={login}
            onChange={(e) => setLogin(e.target.value)}
          />
          <p id="org-login-hint" className="mt-1 text-xs text-slate-500">
            {loginError ?? 'Its URL: letters, digits, “.”, “_” and “-”.'}
          </p>
        </div>
        <div>
          <label htmlFor="org-full-name" className="label">
            Display name <span className="font-normal text-slate-500">(optional)</span>
          </label>
          <input
            id="org-full-name"
            className="input"
            value={fullName}
            onChange={(e) => setFullName(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor="org-description" className="label">
            Description <span className="font-normal text-slate-500">(optional)</span>
          </label>
          <input
            id="org-description"
            className="input"
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </div>
        <p className="text-xs text-slate-500">
          You become its owner: admin of all its repositories.
        </p>
        <button type="submit" className="btn-primary" disabled={loading}>
          {loading ? 'Creating…' : 'Create organization'}
        </button>
        {!loginError && <InlineError error={error} />}
      </form>
    </div>
  );
}
