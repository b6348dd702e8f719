import type { ChangeStatus, ChangedFile, CommitInfo, Signature } from './types';

/**
 * `git log` / `for-each-ref` format producing one record per commit: RS, fields separated by
 * US, GS after the message; with `--raw --numstat -z` the diff follows GS as NUL-separated tokens.
 */
export const LOG_FORMAT = '%x1e%H%x1f%T%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%cn%x1f%ce%x1f%cI%x1f%B%x1d';

export const BRANCH_FORMAT =
  '%1e%(refname:strip=2)%1f%(objectname)%1f%(tree)%1f%(parent)%1f%(authorname)%1f%(authoremail)%1f' +
  '%(authordate:iso-strict)%1f%(committername)%1f%(committeremail)%1f%(committerdate:iso-strict)%1f%(contents)%1d';

const stripAngles = (email: string) => email.replace(/^<(.*)>$/, '$1');

function signature(name = '', email = '', date = ''): Signature {
  return { name, email: stripAngles(email), date };
}

/** Parses the header fields (after the leading name for branches). */
export function parseCommitFields(fields: string[]): CommitInfo {
  const [sha = '', tree = '', parents = '', an, ae, ad, cn, ce, cd, message = ''] = fields;
  return {
    sha,
    tree,
    parents: parents.split(' ').filter(Boolean),
    author: signature(an, ae, ad),
    committer: signature(cn, ce, cd),
    message,
  };
}

const RAW_STATUS: Record<string, ChangeStatus> = {
  A: 'added',
  D: 'removed',
  M: 'modified',
  T: 'modified',
};

function parseDiffTokens(tokens: string[]): ChangedFile[] {
  const files = new Map<string, ChangedFile>();
  const file = (path: string) => {
    let f = files.get(path);
    if (!f) {
      f = { path, status: 'changed', additions: 0, deletions: 0 };
      files.set(path, f);
    }
    return f;
  };
  for (let i = 0; i < tokens.length; i += 1) {
    const token = (tokens[i] ?? '').replace(/^\n/, '');
    if (token === '') continue;
    if (token.startsWith(':')) {
      const letter = token.split(' ').pop()?.charAt(0) ?? '';
      i += 1;
      file(tokens[i] ?? '').status = RAW_STATUS[letter] ?? 'changed';
      continue;
    }
    const numstat = /^(\d+|-)\t(\d+|-)\t([\s\S]*)$/.exec(token);
    if (numstat) {
      const f = file(numstat[3] ?? '');
      f.additions = numstat[1] === '-' ? 0 : Number(numstat[1]);
      f.deletions = numstat[2] === '-' ? 0 : Number(numstat[2]);
    }
  }
  return [...files.values()];
}

/** Parses `git log --format=LOG_FORMAT` output (optionally with `--raw --numstat -z`). */
export function parseLog(output: string, withFiles: boolean): CommitInfo[] {
  return output
    .split('\x1e')
    .slice(1)
    .map((record) => {
      const end = record.indexOf('\x1d');
      const commit = parseCommitFields(record.slice(0, end).split('\x1f'));
      if (withFiles) commit.files = parseDiffTokens(record.slice(end + 1).split('\0'));
      return commit;
    });
}

/** Parses `git for-each-ref --format=BRANCH_FORMAT`. */
export function parseBranches(output: string): { name: string; commit: CommitInfo }[] {
  return output
    .split('\x1e')
    .slice(1)
    .map((record) => {
      const [name = '', ...fields] = record.slice(0, record.lastIndexOf('\x1d')).split('\x1f');
      return { name, commit: parseCommitFields(fields) };
    });
}
