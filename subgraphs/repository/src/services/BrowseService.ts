import { StringDecoder } from 'node:string_decoder';
import { DomainError, invalidField } from '@gitforge/errors';
import { isGiteaError, type GiteaClient, type GiteaTree } from '../gitea';
import { connectionPage } from './paging';
import type {
  BlobRecord,
  BranchRecord,
  CommitRecord,
  Page,
  RepositoryRecord,
  TreeEntryRecord,
} from './records';
import type { RepositoryCache, ResolvedRef } from './RepositoryCache';
import { entryType, toBranch, toCommit } from './toRecords';
import { validatePath, validateRef } from './validation';

export interface BrowseLimits {
  /** Blob text beyond this many bytes is cut (`truncated: true`). */
  blobTextBytes: number;
  /** Largest directory listing returned. */
  treeMaxEntries: number;
}

// Git's own test for binary content: a NUL byte in the first 8000 bytes.
const BINARY_SNIFF_BYTES = 8000;
const TREE_PAGE = 1000;

/**
 * Branches, commits, trees and blobs of a repository the caller was already allowed to read
 * (a RepositoryRecord comes from RepositoryService, which applied the visibility rule).
 */
export class BrowseService {
  constructor(
    private readonly gitea: GiteaClient,
    private readonly cache: RepositoryCache,
    private readonly limits: BrowseLimits,
  ) {}

  async branches(
    repo: RepositoryRecord,
    args: { first?: number | null; after?: string | null },
  ): Promise<Page<BranchRecord>> {
    return connectionPage(
      args,
      (page) => this.gitea.branches(repo.owner, repo.name, page),
      (branch) => toBranch(branch, repo.defaultBranch),
    );
  }

  async commits(
    repo: RepositoryRecord,
    args: {
      ref?: string | null;
      path?: string | null;
      first?: number | null;
      after?: string | null;
    },
  ): Promise<Page<CommitRecord>> {
    const ref = validateRef(args.ref);
    const path = validatePath(args.path, true);
    return connectionPage(
      args,
      async (page) => {
        try {
          return await this.gitea.commits(repo.owner, repo.name, { ...page, sha: ref, path });
        } catch (err) {
          if (isGiteaError(err, 'not_found')) throw refNotFound(ref ?? repo.defaultBranch);
          throw err;
        }
      },
      toCommit,
    );
  }

  /** The commit and root tree `ref` names now; null for a repository without commits. */
  async resolve(repo: RepositoryRecord, ref: string | undefined): Promise<ResolvedRef | null> {
    const name = ref ?? repo.defaultBranch;
    if (!name) return null;
    const cached = this.cache.ref(repo.fullName, name);
    if (cached) return cached;
    let head;
    try {
      head = await this.gitea.commits(repo.owner, repo.name, { sha: name, page: 1, limit: 1 });
    } catch (err) {
      if (isGiteaError(err, 'not_found')) {
        if (ref === undefined) return null;
        throw refNotFound(name);
      }
      throw err;
    }
    const commit = head.items[0];
    if (!commit) return null;
    const treeOid = commit.commit.tree?.sha;
    if (!treeOid) {
      throw new DomainError('UPSTREAM_UNAVAILABLE', 'Gitea sent a commit without its tree');
    }
    const resolved = { commitOid: commit.sha, treeOid };
    this.cache.setRef(repo.fullName, name, resolved);
    return resolved;
  }

  async tree(
    repo: RepositoryRecord,
    args: { ref?: string | null; path?: string | null },
  ): Promise<TreeEntryRecord[]> {
    const ref = validateRef(args.ref);
    const path = validatePath(args.path, true);
    const resolved = await this.resolve(repo, ref);
    if (!resolved) {
      if (path === '') return [];
      throw pathNotFound(path);
    }
    // Walk down from the root tree: tree objects are immutable, so each is fetched once.
    // (Gitea's contents API answers directories with an array its own spec does not allow.)
    let treeOid = resolved.treeOid;
    const segments = path === '' ? [] : path.split('/');
    for (const [i, segment] of segments.entries()) {
      const entry = (await this.treeEntries(repo, treeOid)).find((e) => e.path === segment);
      if (!entry) throw pathNotFound(path);
      if (entryType(entry.mode, entry.type) !== 'TREE') {
        if (i === segments.length - 1) throw invalidField('path', 'is not a directory');
        throw pathNotFound(path);
      }
      treeOid = entry.sha;
    }
    return (await this.treeEntries(repo, treeOid))
      .map((entry): TreeEntryRecord => {
        const type = entryType(entry.mode, entry.type);
        return {
          name: entry.path,
          path: path === '' ? entry.path : `${path}/${entry.path}`,
          type,
          mode: entry.mode.padStart(6, '0'),
          size: type === 'BLOB' || type === 'SYMLINK' ? entry.size : null,
          oid: entry.sha,
        };
      })
      .sort(
        (a, b) =>
          Number(b.type === 'TREE') - Number(a.type === 'TREE') ||
          (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
      );
  }

  /** All entries of one tree object (Gitea pages them), up to the listing limit. */
  private async treeEntries(repo: RepositoryRecord, treeOid: string): Promise<GiteaTree['tree']> {
    const cached = this.cache.tree(repo.fullName, treeOid);
    if (cached) return cached;
    const entries: GiteaTree['tree'] = [];
    for (let page = 1; entries.length < this.limits.treeMaxEntries; page += 1) {
      const tree = await this.gitea.tree(repo.owner, repo.name, treeOid, {
        page,
        perPage: TREE_PAGE,
      });
      entries.push(...tree.tree);
      if (!tree.truncated || tree.tree.length === 0 || entries.length >= tree.total_count) break;
    }
    const listing = entries.slice(0, this.limits.treeMaxEntries);
    this.cache.setTree(repo.fullName, treeOid, listing);
    return listing;
  }

  async blob(
    repo: RepositoryRecord,
    args: { ref?: string | null; path: string },
  ): Promise<BlobRecord> {
    const ref = validateRef(args.ref);
    const path = validatePath(args.path, false);
    const resolved = await this.resolve(repo, ref);
    if (!resolved) throw pathNotFound(path);
    const limit = this.limits.blobTextBytes;
    let read: { head: Buffer; byteSize: number };
    try {
      read = await this.gitea.rawFile(
        repo.owner,
        repo.name,
        path,
        resolved.commitOid,
        (body, length) => readHead(body, length, limit),
      );
    } catch (err) {
      if (isGiteaError(err, 'not_found')) throw pathNotFound(path);
      throw err;
    }
    const truncated = read.byteSize > limit;
    const head = read.head.subarray(0, limit);
    const isBinary = head.subarray(0, BINARY_SNIFF_BYTES).includes(0);
    return {
      path,
      isBinary,
      byteSize: read.byteSize,
      truncated,
      // StringDecoder keeps back a multi-byte character cut in half by the limit.
      text: isBinary ? null : new StringDecoder('utf8').write(head),
    };
  }
}

/**
 * Keeps the first `limit + 1` bytes of a streamed file and learns its size: from
 * Content-Length (then the rest is never read) or by counting what streams past.
 */
async function readHead(
  body: AsyncIterable<Buffer>,
  contentLength: number | undefined,
  limit: number,
): Promise<{ head: Buffer; byteSize: number }> {
  const chunks: Buffer[] = [];
  let kept = 0;
  let seen = 0;
  for await (const chunk of body) {
    seen += chunk.length;
    if (kept <= limit) {
      const take = chunk.subarray(0, limit + 1 - kept);
      chunks.push(take);
      kept += take.length;
    }
    if (kept > limit && contentLength !== undefined) break;
  }
  const head = Buffer.concat(chunks);
  return { head, byteSize: kept > limit && contentLength !== undefined ? contentLength : seen };
}

const refNotFound = (ref: string) => new DomainError('NOT_FOUND', `Ref ${ref} not found`);
const pathNotFound = (path: string) => new DomainError('NOT_FOUND', `Path ${path} not found`);
