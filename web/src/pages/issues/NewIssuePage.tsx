import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { fieldError } from '../../apollo/errors';
import { LazyMarkdown } from '../../components/LazyMarkdown';
import { InlineError } from '../../components/states';
import { graphql } from '../../gql';
import { issueHref } from '../../routes';
import { useRepositoryContext } from '../repo/RepositoryLayout';

const CreateIssueMutation = graphql(`
  mutation CreateIssue($input: CreateIssueInput!) {
    createIssue(input: $input) {
      id
      number
    }
  }
`);

export function NewIssuePage() {
  const { owner, name, fullName } = useRepositoryContext();
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [labels, setLabels] = useState('');
  const [preview, setPreview] = useState(false);
  const [create, { loading, error }] = useMutation(CreateIssueMutation, {
    refetchQueries: ['IssueList', 'OpenIssueCount'],
  });
  const titleError = fieldError(error, 'title');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const labelList = labels
      .split(',')
      .map((l) => l.trim())
      .filter(Boolean);
    create({
      variables: { input: { repository: fullName, title: title.trim(), body, labels: labelList } },
    }).then(
      ({ data }) => {
        if (data) void navigate(issueHref(owner, name, data.createIssue.number));
      },
      () => undefined,
    );
  };

  return (
    <form
      onSubmit={submit}
      className="card mx-auto max-w-3xl space-y-4 p-5"
      aria-labelledby="new-issue-heading"
    >
      <h2 id="new-issue-heading" className="text-lg font-semibold">
        New issue
      </h2>
      <div>
        <label htmlFor="issue-title" className="label">
          Title
        </label>
        <input
          id="issue-title"
          className="input"
          required
          maxLength={256}
          aria-invalid={titleError ? true : undefined}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
        {titleError && <p className="mt-1 text-sm text-red-700">{titleError}</p>}
      </div>
      <div>
        <div className="flex items-center justify-between">
          <label htmlFor="issue-body" className="label">
            Description
          </label>
          <button
            type="button"
            className="text-sm underline"
            aria-pressed={preview}
            onClick={() => setPreview((p) => !p)}
          >
            {preview ? 'Write' : 'Preview'}
          </button>
        </div>
        {preview ? (
          <div className="min-h-32 rounded border border-slate-200 p-3">
            <LazyMarkdown source={body || '_Nothing to preview_'} />
          </div>
        ) : (
          <textarea
            id="issue-body"
            className="input min-h-32"
            placeholder="Markdown is supported"
            value={body}
            onChange={(e) => setBody(e.target.value)}
          />
        )}
      </div>
      <div>
        <label htmlFor="issue-labels" className="label">
          Labels <span className="font-normal text-slate-500">(comma separated, optional)</span>
        </label>
        <input
          id="issue-labels"
          className="input"
          value={labels}
          onChange={(e) => setLabels(e.target.value)}
        />
      </div>
      <button type="submit" className="btn-primary" disabled={loading}>
        {loading ? 'Submitting…' : 'Submit new issue'}
      </button>
      {!titleError && <InlineError error={error} />}
    </form>
  );
}
