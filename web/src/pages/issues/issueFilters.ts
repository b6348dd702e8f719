/**
 * The issue list's filters live in the query string, so a filtered list can be linked to and
 * back/forward walk through filter changes:
 * `?state=closed&labels=bug,ui&q=crash&assignee=alice`. `?labels=bug&labels=ui` and the older single
 * `?label=bug` are read too; writing always produces the comma form (label names cannot
 * contain commas: the API rejects them).
 */
export interface IssueFilters {
  state: 'OPEN' | 'CLOSED';
  /** Issues must carry every one of these labels (the API's `labels` argument is all-of). */
  labels: string[];
  search: string;
  /** Only issues assigned to this login; "" = anyone's. */
  assignee: string;
}

export function readIssueFilters(params: URLSearchParams): IssueFilters {
  const labels = [...params.getAll('labels'), ...params.getAll('label')]
    .flatMap((value) => value.split(','))
    .map((label) => label.trim())
    .filter(Boolean);
  return {
    state: params.get('state') === 'closed' ? 'CLOSED' : 'OPEN',
    labels: [...new Set(labels)],
    search: params.get('q') ?? '',
    assignee: params.get('assignee')?.trim() ?? '',
  };
}

/** The params with `labels` replaced (the legacy `label` is dropped). */
export function withLabels(params: URLSearchParams, labels: readonly string[]): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete('label');
  next.delete('labels');
  if (labels.length > 0) next.set('labels', labels.join(','));
  return next;
}

/** `?…` with commas left readable (`labels=bug,ui`, not `bug%2Cui`); they need no escaping there. */
export function toSearch(params: URLSearchParams): string {
  const query = params.toString().replace(/%2C/gi, ',');
  return query ? `?${query}` : '';
}

/** "bug", "bug and ui", "bug, ui and docs" */
export function listOfLabels(labels: readonly string[]): string {
  if (labels.length <= 1) return labels.join('');
  return `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}
