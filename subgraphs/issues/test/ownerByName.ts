import type { RepositoryAccess } from '../src/services/repositoryAccess';

const ownerOf = (repository: string) => repository.split('/')[0]?.toLowerCase();

/**
 * Test double of the permission source, for tests about issues rather than permissions: every
 * repository is readable (READ), and ADMIN for its owner, the part of `owner/name` before the
 * slash. Never used by production code (createIssuesServer requires a real source).
 */
export const ownerByName: RepositoryAccess = {
  async canRead() {
    return true;
  },
  async level(viewer, repository) {
    return viewer !== null && ownerOf(repository) === viewer.login.toLowerCase() ? 'admin' : 'read';
  },
};
