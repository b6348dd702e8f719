import type { GiteaRepository } from '../gitea';
import type { GiteaTree } from '../gitea';
import { TtlCache } from './TtlCache';

export interface ResolvedRef {
  commitOid: string;
  treeOid: string;
}

export interface RepositoryCacheOptions {
  /** How long metadata and ref → commit answers are reused without a webhook saying otherwise. */
  ttlMs: number;
  maxEntries?: number;
}

const repoKey = (fullName: string) => fullName.toLowerCase();

/**
 * What the subgraph remembers about repositories between requests: Gitea's repository answer
 * per caller (visibility differs per caller), the commit a ref points at, and tree objects by
 * id (immutable). A push or repository webhook drops everything about that repository.
 * Answers are only ever served after the caller's access to the repository was checked; a
 * collaborator, team or membership change invalidates the repository (every caller's answer,
 * so every viewer's `permissions`) here and, through the change bus, in every replica.
 */
export class RepositoryCache {
  private readonly repositories: TtlCache<GiteaRepository>;
  private readonly refs: TtlCache<ResolvedRef>;
  private readonly trees: TtlCache<GiteaTree['tree']>;
  /** Bumped by every invalidation: an answer fetched before one is never stored after it. */
  private invalidations = 0;

  constructor(options: RepositoryCacheOptions) {
    const max = options.maxEntries ?? 5_000;
    this.repositories = new TtlCache(options.ttlMs, max);
    this.refs = new TtlCache(options.ttlMs, max);
    // A tree id names its content for ever, so only memory bounds these.
    this.trees = new TtlCache(options.ttlMs > 0 ? 60 * 60 * 1000 : 0, Math.ceil(max / 5));
  }

  repository(caller: string, fullName: string): GiteaRepository | undefined {
    return this.repositories.get(`${repoKey(fullName)}\n${caller}`);
  }

  /** Read before asking Gitea; pass it to setRepository with the answer. */
  get generation(): number {
    return this.invalidations;
  }

  /**
   * Keeps Gitea's answer to `caller` unless an invalidation happened since `generation` was
   * read: a revocation racing a read must not leave the old answer cached for a TTL.
   */
  setRepository(
    caller: string,
    fullName: string,
    repo: GiteaRepository,
    generation = this.invalidations,
  ): void {
    if (generation !== this.invalidations) return;
    this.repositories.set(`${repoKey(fullName)}\n${caller}`, repo);
  }

  ref(fullName: string, ref: string): ResolvedRef | undefined {
    return this.refs.get(`${repoKey(fullName)}\n${ref}`);
  }

  setRef(fullName: string, ref: string, resolved: ResolvedRef): void {
    this.refs.set(`${repoKey(fullName)}\n${ref}`, resolved);
  }

  /** A tree object's entries (all pages), by tree id. */
  tree(fullName: string, treeOid: string): GiteaTree['tree'] | undefined {
    return this.trees.get(`${repoKey(fullName)}\n${treeOid}`);
  }

  setTree(fullName: string, treeOid: string, entries: GiteaTree['tree']): void {
    this.trees.set(`${repoKey(fullName)}\n${treeOid}`, entries);
  }

  /** Forgets metadata and refs of one repository (push, create, delete, visibility change). */
  invalidate(fullName: string): number {
    this.invalidations += 1;
    const prefix = `${repoKey(fullName)}\n`;
    const match = (key: string) => key.startsWith(prefix);
    return this.repositories.deleteWhere(match) + this.refs.deleteWhere(match);
  }
}
