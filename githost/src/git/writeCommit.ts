import type { BareRepository } from './BareRepository';
import type { Signature } from './types';

export interface CommitSpec {
  /** The complete content of the new tree: path → file content. */
  files: Record<string, string | Buffer>;
  message: string;
  author: Signature;
  committer?: Signature;
  parent?: string;
}

interface DirNode {
  files: Map<string, string | Buffer>;
  dirs: Map<string, DirNode>;
}

function buildTree(files: Record<string, string | Buffer>): DirNode {
  const root: DirNode = { files: new Map(), dirs: new Map() };
  for (const [path, content] of Object.entries(files)) {
    const parts = path.split('/').filter(Boolean);
    const name = parts.pop();
    if (!name) continue;
    let node = root;
    for (const part of parts) {
      let child = node.dirs.get(part);
      if (!child) {
        child = { files: new Map(), dirs: new Map() };
        node.dirs.set(part, child);
      }
      node = child;
    }
    node.files.set(name, content);
  }
  return root;
}

async function writeTree(repo: BareRepository, node: DirNode): Promise<string> {
  const lines: string[] = [];
  for (const [name, content] of node.files) {
    const sha = (await repo.run(['hash-object', '-w', '--stdin'], { input: content }))
      .toString('utf8')
      .trim();
    lines.push(`100644 blob ${sha}\t${name}\0`);
  }
  for (const [name, child] of node.dirs) {
    lines.push(`040000 tree ${await writeTree(repo, child)}\t${name}\0`);
  }
  return (await repo.run(['mktree', '-z'], { input: lines.join('') })).toString('utf8').trim();
}

function identityEnv(prefix: 'AUTHOR' | 'COMMITTER', who: Signature): Record<string, string> {
  return {
    [`GIT_${prefix}_NAME`]: who.name,
    [`GIT_${prefix}_EMAIL`]: who.email,
    [`GIT_${prefix}_DATE`]: who.date,
  };
}

/**
 * Writes a commit with plumbing only (hash-object, mktree, commit-tree): no worktree, no index.
 * Returns the new commit id; moving a ref to it is the caller's business.
 */
export async function writeCommit(repo: BareRepository, spec: CommitSpec): Promise<string> {
  const tree = await writeTree(repo, buildTree(spec.files));
  const args = ['commit-tree', tree, ...(spec.parent ? ['-p', spec.parent] : [])];
  const out = await repo.run(args, {
    input: spec.message,
    env: {
      ...identityEnv('AUTHOR', spec.author),
      ...identityEnv('COMMITTER', spec.committer ?? spec.author),
    },
  });
  return out.toString('utf8').trim();
}

/** Moves `ref` to `sha` only if it still points at `expected` ('' = must not exist yet). */
export async function updateRef(
  repo: BareRepository,
  ref: string,
  sha: string,
  expected: string,
): Promise<void> {
  await repo.run(['update-ref', ref, sha, expected]);
}
