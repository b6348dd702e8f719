import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { fieldError } from '../apollo/errors';
import { useSession } from '../auth/SessionProvider';
import { InlineError } from '../components/states';
import { graphql } from '../gql';
import { repoHref } from '../routes';
import { OwnerPicker, useOwnerCheck } from './OwnerPicker';

const CreateRepositoryMutation = graphql(`
  mutation CreateRepository($input: CreateRepositoryInput!) {
    createRepository(input: $input) {
      fullName
      name
      owner {
        login
      }
      private
    }
  }
`);

export function NewRepositoryPage() {
  const navigate = useNavigate();
  const viewer = useSession().session?.login ?? '';
  const preset = useSearchParams()[0].get('owner') ?? undefined;
  const [owner, setOwner] = useState(preset ?? viewer);
  const ownerCheck = useOwnerCheck(viewer, owner);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [visibility, setVisibility] = useState<'public' | 'private'>('public');
  const [create, { loading, error }] = useMutation(CreateRepositoryMutation, {
    refetchQueries: ['Repositories', 'Owner'],
  });
  const nameError = fieldError(error, 'name');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create({
      variables: {
        input: {
          name: name.trim(),
          description,
          private: visibility === 'private',
          // The viewer is the default owner: sent only for an organization.
          ...(ownerCheck.isOrganization ? { owner } : {}),
        },
      },
    }).then(
      ({ data }) => {
        if (data)
          void navigate(repoHref(data.createRepository.owner.login, data.createRepository.name));
      },
      () => undefined,
    );
  };

  return (
    <div className="mx-auto max-w-xl">
      <h1 className="mb-4 text-2xl font-semibold">Create a repository</h1>
      <form onSubmit={submit} className="card space-y-4 p-5">
        <OwnerPicker
          viewer={viewer}
          value={owner}
          onChange={setOwner}
          check={ownerCheck}
          preset={preset}
        />
        <div>
          <label htmlFor="repo-name" className="label">
            Name
          </label>
          <input
            id="repo-name"
            className="input"
            required
            maxLength={100}
            pattern="[A-Za-z0-9._\-]+"
            title="Letters, digits, '.', '_' and '-'"
            aria-invalid={nameError ? true : undefined}
            aria-describedby="repo-name-hint"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <p id="repo-name-hint" className="mt-1 text-xs text-slate-500">
            {nameError ?? 'Letters, digits, “.”, “_” and “-”.'}
          </p>
        </div>
        <div>
          <label htmlFor="repo-description" className="label">
            Description <span className="font-normal text-slate-500">(optional)</span>
          </label>
          <input
            id="repo-description"
            className="input"
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </div>
        <fieldset>
          <legend className="label">Visibility</legend>
          <div className="mt-1 space-y-2">
            <label className="flex items-start gap-2">
              <input
                type="radio"
                name="visibility"
                value="public"
                checked={visibility === 'public'}
                onChange={() => setVisibility('public')}
              />
              <span>
                <strong>Public</strong>
                <span className="block text-xs text-slate-500">
                  Anyone can see and clone it; only people you give write access can push.
                </span>
              </span>
            </label>
            <label className="flex items-start gap-2">
              <input
                type="radio"
                name="visibility"
                value="private"
                checked={visibility === 'private'}
                onChange={() => setVisibility('private')}
              />
              <span>
                <strong>Private</strong>
                <span className="block text-xs text-slate-500">
                  Only you{ownerCheck.isOrganization ? ', its teams' : ''} and collaborators can see
                  it.
                </span>
              </span>
            </label>
          </div>
        </fieldset>
        <button type="submit" className="btn-primary" disabled={loading || ownerCheck.blocked}>
          {loading ? 'Creating…' : 'Create repository'}
        </button>
        {!nameError && <InlineError error={error} />}
      </form>
    </div>
  );
}
