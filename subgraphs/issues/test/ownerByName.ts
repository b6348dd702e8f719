import type { RepositoryAccess } from '../src/services/repositoryAccess';

/**
 * Test double of the permission source, for tests about issues rather than permissions: every
 * repository is readable and its owner is the part of `owner/name` before the slash. Never used
 * by production code (createIssuesServer requires a real source).
 */
export const ownerByName: RepositoryAccess = {
  async canRead() {
    return true;
  },
  async isOwner(viewer, repository) {
    return (
      viewer !== null && repository.split('/')[0]?.toLowerCase() === viewer.login.toLowerCase()
    );
  },
};
