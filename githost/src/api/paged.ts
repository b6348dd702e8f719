import type { ApiCall } from './ApiRoute';
import { readPaging, sendJson, setPagingHeaders } from './apiHttp';

/** One page (`page`, `limit`) of `items` as a JSON array, with Gitea's paging headers. */
export function sendPage<T>(
  call: ApiCall,
  items: readonly T[],
  render: (item: T) => unknown,
): void {
  const paging = readPaging(call.url);
  const page = items.slice((paging.page - 1) * paging.limit, paging.page * paging.limit);
  setPagingHeaders(call.res, call.url, call.deps.present.root, items.length, paging);
  sendJson(call.res, 200, page.map(render));
}

export const byLogin = <T extends { login: string }>(a: T, b: T): number =>
  a.login.toLowerCase().localeCompare(b.login.toLowerCase());
