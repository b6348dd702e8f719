/**
 * git check-ref-format's rules for a branch name, checked here so no user input reaches git
 * unvalidated (and no process is spawned to reject garbage).
 */
export function isValidBranchName(name: string): boolean {
  if (name.length === 0 || name.length > 255) return false;
  if (name === '@' || name === 'HEAD') return false;
  if (name.startsWith('-') || name.startsWith('/') || name.endsWith('/') || name.endsWith('.'))
    return false;
  if (name.includes('..') || name.includes('//') || name.includes('@{')) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name)) return false;
  return name.split('/').every((part) => !part.startsWith('.') && !part.endsWith('.lock'));
}

/** A ref a client may name in `ref=` / `sha=`: a branch, a tag or a (short) commit id. */
export function isAcceptableRefInput(ref: string): boolean {
  return isValidBranchName(ref) || /^[0-9a-f]{4,40}$/i.test(ref);
}

export const isFullSha = (value: string): boolean => /^[0-9a-f]{40}$/.test(value);
