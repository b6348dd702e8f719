import type { Viewer } from '@gitforge/auth';

/**
 * Who may do what in a repository: the port the services ask. Production wires the repository
 * subgraph's answer (`permissions/RepositorySubgraphAccess`); there is no allow-all default, so
 * a process without a permission source cannot start (it would otherwise serve private issues).
 */
export interface RepositoryAccess {
  canRead(viewer: Viewer | null, repository: string): Promise<boolean>;
  isOwner(viewer: Viewer | null, repository: string): Promise<boolean>;
}
