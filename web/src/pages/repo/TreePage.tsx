import { useQuery } from '@apollo/client/react';
import { useParams } from 'react-router';
import { Breadcrumbs } from '../../components/Breadcrumbs';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { graphql } from '../../gql';
import { BranchSwitcher } from './BranchSwitcher';
import { useRepositoryContext } from './RepositoryLayout';
import { TreeTable } from './TreeTable';

const DirectoryQuery = graphql(`
  query Directory($owner: String!, $name: String!, $ref: String, $path: String!) {
    repository(owner: $owner, name: $name) {
      fullName
      tree(ref: $ref, path: $path) {
        name
        path
        type
        size
      }
    }
  }
`);

export function TreePage() {
  const { owner, name, gitRef, repository } = useRepositoryContext();
  const path = useParams()['*'] ?? '';
  const { data, loading, error, refetch } = useQuery(DirectoryQuery, {
    variables: { owner, name, ref: gitRef ?? null, path },
  });
  const entries = data?.repository.tree;
  return (
    <div>
      <div className="mb-3 flex flex-wrap items-center gap-3">
        {repository && <BranchSwitcher repository={repository} gitRef={gitRef} />}
        <Breadcrumbs owner={owner} name={name} path={path} gitRef={gitRef} />
      </div>
      {!entries && loading && <Loading label="Loading files…" />}
      {!entries && !loading && (
        <ErrorState
          error={error}
          what="this directory"
          unavailableTitle="Git host unavailable"
          onRetry={() => void refetch()}
        />
      )}
      {entries &&
        (entries.length === 0 ? (
          <EmptyState title="This directory is empty" />
        ) : (
          <TreeTable owner={owner} name={name} gitRef={gitRef} path={path} entries={entries} />
        ))}
    </div>
  );
}
