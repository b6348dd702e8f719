import type { BareRepository } from '../git/BareRepository';
import type { ResolvedRef, TreeEntry } from '../git/types';
import { requireScopes } from '../services/access';
import { notFound } from '../services/GithostError';
import { cleanRepoPath } from '../services/repoPath';
import type { RepoRef } from '../services/RepositoryService';
import { param, type ApiCall } from './ApiRoute';
import { sendJson } from './apiHttp';
import { entryType } from '../presentation/Presenter';
import { streamBlob } from './streamBlob';

/** Gitea's API.DefaultMaxBlobSize: larger files come without `content`. */
const MAX_INLINE_BLOB = 10 * 1024 * 1024;
const MAX_SYMLINK_TARGET = 4096;

export interface Located {
  ref: RepoRef;
  git: BareRepository;
  at: ResolvedRef & { name: string };
  path: string;
  entry: TreeEntry;
}

/** Finds `filepath` at `?ref=` (default branch) in a repository the viewer may read, or 404s. */
export async function locate(call: ApiCall, filepath: string): Promise<Located> {
  requireScopes(call.viewer, ['repository'], 'read');
  const { repos } = call.deps;
  const ref = repos.findReadable(call.viewer, param(call, 'owner'), param(call, 'repo'));
  const refName = call.url.searchParams.get('ref') || ref.repo.defaultBranch;
  const git = repos.git(ref.repo);
  const resolved = ref.repo.empty ? undefined : await git.resolveCommit(refName);
  if (!resolved) throw notFound(`no such ref: ${refName}`);
  const path = cleanRepoPath(filepath);
  const entry = path === undefined ? undefined : await git.stat(resolved.sha, path);
  if (path === undefined || !entry) {
    throw notFound(`object does not exist [id: ${resolved.sha}, rel_path: ${path ?? ''}]`);
  }
  return { ref, git, at: { ...resolved, name: refName }, path, entry };
}

async function symlinkTarget(git: BareRepository, entry: TreeEntry): Promise<string | undefined> {
  if (entryType(entry) !== 'symlink') return undefined;
  return (await git.readBlob(entry.sha, MAX_SYMLINK_TARGET)).toString('utf8');
}

async function sendContents(call: ApiCall, filepath: string): Promise<void> {
  const { present } = call.deps;
  const { ref, git, at, path, entry } = await locate(call, filepath);
  if (entry.type === 'tree') {
    const entries = await git.listDirectory(entry.sha, path);
    const last = await git.lastCommitsForEntries(
      at.sha,
      path,
      entries.map((e) => e.name),
    );
    const body = [];
    for (const e of entries) {
      const target = await symlinkTarget(git, e);
      body.push(present.contents(ref, at, e, last.get(e.name), { target }));
    }
    sendJson(call.res, 200, body);
    return;
  }
  const lastCommit = await git.lastCommitFor(at.sha, path);
  const type = entryType(entry);
  const content =
    type === 'file' && entry.size <= MAX_INLINE_BLOB
      ? await git.readBlob(entry.sha, MAX_INLINE_BLOB)
      : undefined;
  const target = await symlinkTarget(git, entry);
  sendJson(call.res, 200, present.contents(ref, at, entry, lastCommit, { content, target }));
}

/** GET /repos/{owner}/{repo}/contents/{filepath} (repoGetContents): object or array. */
export async function getContents(call: ApiCall): Promise<void> {
  await sendContents(call, param(call, 'filepath'));
}

/** GET /repos/{owner}/{repo}/contents (repoGetContentsList): the root directory. */
export async function getRootContents(call: ApiCall): Promise<void> {
  await sendContents(call, '');
}

/** GET /repos/{owner}/{repo}/raw/{filepath} (repoGetRawFile): the bytes, streamed. */
export async function getRawFile(call: ApiCall): Promise<void> {
  const { git, entry } = await locate(call, param(call, 'filepath'));
  if (entry.type !== 'blob') throw notFound('not a file');
  await streamBlob(call.req, call.res, git, entry);
}
