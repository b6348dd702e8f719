import { useQuery } from '@apollo/client/react';
import { LazyMarkdown } from '../../components/LazyMarkdown';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { graphql } from '../../gql';
import { BranchSwitcher } from './BranchSwitcher';
import { CloneUrl } from './CloneUrl';
import { useRepositoryContext } from './RepositoryLayout';
import { TreeTable } from './TreeTable';

const RepositoryTreeQuery = graphql(`
  query RepositoryTree($owner: String!, $name: String!, $ref: String, $path: String!) {
    repository(owner: $owner, name: $name) {
      fullName
      isEmpty
      tree(ref: $ref, path: $path) {
        name
        path
        type
        size
      }
      # Asked for at once (most repositories have one): no second round trip for the page.
      # Null with a NOT_FOUND error when absent; the tree decides then.
      readme: blob(ref: $ref, path: "README.md") {
        path
        text
        isBinary
        byteSize
        truncated
      }
    }
  }
`);

export const RepositoryBlobQuery = graphql(`
  query RepositoryBlob($owner: String!, $name: String!, $ref: String, $path: String!) {
    repository(owner: $owner, name: $name) {
      fullName
      blob(ref: $ref, path: $path) {
        path
        text
        isBinary
        byteSize
        truncated
      }
    }
  }
`);

const README = /^readme(\.(md|markdown|txt))?$/i;

function ReadmeSection({ path, text }: { path: string; text: string | null }) {
  return (
    <section aria-labelledby="readme-heading" className="card mt-4">
      <h2 id="readme-heading" className="border-b border-slate-200 px-4 py-2 text-sm font-semibold">
        {path}
      </h2>
      <div className="p-4">
        {text === null ? (
          <p className="text-sm text-slate-500">Binary README: not shown.</p>
        ) : /\.txt$/i.test(path) || !/\./.test(path) ? (
          <pre className="text-sm whitespace-pre-wrap">{text}</pre>
        ) : (
          <LazyMarkdown source={text} />
        )}
      </div>
    </section>
  );
}

/** A README under another name (readme.markdown, README, ...): fetched once the tree names it. */
function Readme({
  path,
  owner,
  name,
  gitRef,
}: {
  path: string;
  owner: string;
  name: string;
  gitRef?: string;
}) {
  const { data, loading, error } = useQuery(RepositoryBlobQuery, {
    variables: { owner, name, ref: gitRef ?? null, path },
  });
  const blob = data?.repository.blob;
  if (blob) return <ReadmeSection path={path} text={blob.text} />;
  if (loading) return <Loading label="Loading README…" />;
  return <ErrorState error={error} what="the README" unavailableTitle="Git host unavailable" />;
}

export function RepositoryHomePage() {
  const { owner, name, gitRef, repository, repositoryError } = useRepositoryContext();
  const { data, loading, error, refetch } = useQuery(RepositoryTreeQuery, {
    variables: { owner, name, ref: gitRef ?? null, path: '' },
  });
  const tree = data?.repository;

  if (!tree && loading) return <Loading label="Loading files…" />;
  if (!tree) {
    // The layout already explains an unavailable git host.
    if (repositoryError && !repository) return null;
    return (
      <ErrorState
        error={error}
        what="the repository"
        unavailableTitle="Git host unavailable"
        onRetry={() => void refetch()}
      />
    );
  }
  const readme = tree.tree.find((entry) => entry.type === 'BLOB' && README.test(entry.name));
  const prefetched = tree.readme && readme?.path === tree.readme.path ? tree.readme : undefined;

  return (
    <div>
      <div className="mb-3 flex flex-col gap-3 md:flex-row md:items-center">
        {repository && !tree.isEmpty && <BranchSwitcher repository={repository} gitRef={gitRef} />}
        {repository && (
          <div className="md:ml-auto md:w-[28rem]">
            <CloneUrl url={repository.cloneUrl} />
          </div>
        )}
      </div>
      {tree.isEmpty ? (
        <EmptyState title="This repository is empty">
          <p>Push to it with git:</p>
          <pre className="mt-2 overflow-x-auto rounded bg-slate-900 p-3 text-left text-xs text-slate-100">
            {`git clone ${repository?.cloneUrl ?? ''}\ncd ${name}\ngit commit --allow-empty -m "first commit"\ngit push origin HEAD`}
          </pre>
        </EmptyState>
      ) : (
        <>
          <TreeTable owner={owner} name={name} gitRef={gitRef} path="" entries={tree.tree} />
          {prefetched && <ReadmeSection path={prefetched.path} text={prefetched.text} />}
          {readme && !prefetched && (
            <Readme path={readme.path} owner={owner} name={name} gitRef={gitRef} />
          )}
        </>
      )}
    </div>
  );
}
