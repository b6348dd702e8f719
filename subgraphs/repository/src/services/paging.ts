import { GITEA_MAX_LIMIT, type GiteaPage, type PageRequest } from '../gitea';
import { decodeOffset, encodeOffset } from './cursor';
import type { Page } from './records';
import { validateFirst } from './validation';

/**
 * The Gitea pages covering items [offset, offset + count): one page of `count` when the window
 * is aligned (the usual next-page walk), otherwise the 50-item pages it overlaps.
 */
export function pagesFor(offset: number, count: number): PageRequest[] {
  if (count <= GITEA_MAX_LIMIT && offset % count === 0) {
    return [{ page: offset / count + 1, limit: count }];
  }
  const first = Math.floor(offset / GITEA_MAX_LIMIT);
  const last = Math.floor((offset + count - 1) / GITEA_MAX_LIMIT);
  const pages: PageRequest[] = [];
  for (let p = first; p <= last; p += 1) pages.push({ page: p + 1, limit: GITEA_MAX_LIMIT });
  return pages;
}

/**
 * A connection page over a Gitea list: `first`/`after` validated, the covering Gitea pages
 * fetched, and `totalCount` from X-Total-Count. `keep` drops items after fetching (they then
 * still count in Gitea's total).
 */
export async function connectionPage<T, N>(
  args: { first?: number | null; after?: string | null },
  fetchPage: (page: PageRequest) => Promise<GiteaPage<T>>,
  toNode: (item: T) => N,
  keep: (item: T) => boolean = () => true,
): Promise<Page<N>> {
  const count = validateFirst(args.first);
  const offset = decodeOffset(args.after);
  const pages = pagesFor(offset, count);
  const results = await Promise.all(pages.map(fetchPage));
  const start = (pages[0]!.page - 1) * pages[0]!.limit;
  const all = results.flatMap((r) => r.items);
  const window = all.slice(offset - start, offset - start + count);
  const total = results.find((r) => r.total !== undefined)?.total;
  const lastPage = results.at(-1)!;
  const hasNextPage =
    total !== undefined
      ? offset + window.length < total
      : lastPage.items.length === pages.at(-1)!.limit && window.length === count;
  return {
    edges: window.flatMap((item, i) =>
      keep(item) ? [{ node: toNode(item), cursor: encodeOffset(offset + i + 1) }] : [],
    ),
    hasNextPage,
    hasPreviousPage: offset > 0,
    totalCount: total ?? offset + window.length,
  };
}

/** A connection page over a list Gitea answers whole (assignees): offsets into `items`. */
export function listPage<T>(
  args: { first?: number | null; after?: string | null },
  items: readonly T[],
): Page<T> {
  const count = validateFirst(args.first);
  const offset = decodeOffset(args.after);
  const window = items.slice(offset, offset + count);
  return {
    edges: window.map((node, i) => ({ node, cursor: encodeOffset(offset + i + 1) })),
    hasNextPage: offset + window.length < items.length,
    hasPreviousPage: offset > 0,
    totalCount: items.length,
  };
}

/** Every item of a paged Gitea list (team repositories to announce), 50 at a time. */
export async function allPages<T>(
  fetchPage: (page: PageRequest) => Promise<GiteaPage<T>>,
  max = 10_000,
): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; items.length < max; page += 1) {
    const got = await fetchPage({ page, limit: GITEA_MAX_LIMIT });
    items.push(...got.items);
    const done =
      got.items.length < GITEA_MAX_LIMIT || (got.total !== undefined && items.length >= got.total);
    if (done) break;
  }
  return items;
}
