import type { Viewer } from '@gitforge/auth';

/**
 * Who may do what in a repository. Until the repository subgraph can answer (private
 * repositories), the owner is the part of `owner/name` before the slash and every repository
 * is readable; this port is where the Gitea-backed answer plugs in.
 */
export interface RepositoryAccess {
  canRead(viewer: Viewer | null, repository: string): Promise<boolean>;
  isOwner(viewer: Viewer | null, repository: string): Promise<boolean>;
}

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
