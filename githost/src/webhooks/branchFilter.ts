/**
 * Gitea's hook branch filter: a glob (`*`, `?`, `[...]`, `{a,b}`) over the branch name; empty
 * or `*` matches every branch. Only branch refs are filtered.
 */
export function matchesBranchFilter(filter: string, ref: string): boolean {
  if (!ref.startsWith('refs/heads/')) return true;
  const trimmed = filter.trim();
  if (trimmed === '' || trimmed === '*') return true;
  return globToRegExp(trimmed).test(ref.slice('refs/heads/'.length));
}

function globToRegExp(glob: string): RegExp {
  let out = '';
  let depth = 0;
  for (let i = 0; i < glob.length; i += 1) {
    const c = glob.charAt(i);
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '{') {
      depth += 1;
      out += '(?:';
    } else if (c === '}' && depth > 0) {
      depth -= 1;
      out += ')';
    } else if (c === ',' && depth > 0) out += '|';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) out += '\\[';
      else {
        const body = glob.slice(i + 1, end).replace(/\\/g, '\\\\');
        out += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        i = end;
      }
    } else out += c.replace(/[.+^$()|\\\]]/g, '\\$&');
  }
  while (depth-- > 0) out += ')';
  try {
    return new RegExp(`^${out}$`);
  } catch {
    return /^$/;
  }
}
