import type { RepositoryPermission } from '../gql/graphql';

/** Answers of the fake gateway for the issue 16 pages (organizations, levels, assignees). */

export const user = (login: string, fullName: string | null = null) => ({
  __typename: 'User' as const,
  login,
  fullName,
});

/** RepositoryHeader for demo/hello as a viewer with `permission`. */
export function repositoryHeader(permission: RepositoryPermission, fullName = 'demo/hello') {
  const [owner, name] = fullName.split('/');
  return {
    data: {
      repository: {
        __typename: 'Repository',
        fullName,
        name,
        owner: { __typename: 'User', login: owner },
        description: '',
        private: true,
        isEmpty: true,
        defaultBranch: 'main',
        cloneUrl: `http://localhost/git/${fullName}.git`,
        viewerCanAdminister: permission === 'ADMIN',
        viewerPermission: permission,
        branches: { __typename: 'BranchConnection', totalCount: 0, nodes: [] },
      },
    },
  };
}

export const repositoryRow = (fullName: string, isPrivate = false) => {
  const [owner, name] = fullName.split('/');
  return {
    __typename: 'Repository' as const,
    fullName,
    name,
    owner: { __typename: 'User' as const, login: owner },
    description: '',
    private: isPrivate,
    updatedAt: null,
  };
};

export const connection = <T>(typename: string, nodes: T[]) => ({
  __typename: typename,
  totalCount: nodes.length,
  pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
  nodes,
});

export const quota = (repositoryCount: number, sizeBytes: number) => ({
  __typename: 'OwnerQuota',
  maxRepositories: 100,
  maxSizeBytes: 1024 ** 3,
  repositoryCount,
  sizeBytes,
});

export function organization(
  login: string,
  options: { owner?: boolean; canCreate?: boolean } = {},
) {
  return {
    __typename: 'Organization',
    login,
    fullName: `${login} Inc.`,
    description: 'Makers of things',
    viewerIsOwner: options.owner ?? false,
    viewerCanCreateRepository: options.canCreate ?? options.owner ?? false,
  };
}
