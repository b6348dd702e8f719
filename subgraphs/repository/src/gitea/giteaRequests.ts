/** The request shapes and URL helpers of the Gitea client (`GiteaClient.ts`). */

/** Gitea's largest page (`[api] MAX_RESPONSE_ITEMS`, 50 by default). */
export const GITEA_MAX_LIMIT = 50;

export interface PageRequest {
  /** 1-based, like Gitea. */
  page: number;
  /** 1..50. */
  limit: number;
}

export interface GiteaPage<T> {
  items: T[];
  /** From `X-Total-Count`, when Gitea sent it. */
  total: number | undefined;
}

export interface RepositorySearch extends PageRequest {
  q?: string;
  /** Owner's user id; with `exclusive`, only repositories that user owns. */
  uid?: number;
  exclusive?: boolean;
  /** false: public repositories only; true/undefined: also private ones the caller can see. */
  includePrivate?: boolean;
  sort?: 'alpha' | 'created' | 'updated' | 'id';
  order?: 'asc' | 'desc';
}

export interface CommitListRequest extends PageRequest {
  /** Branch, tag or commit SHA to start from (default branch when omitted). */
  sha?: string;
  path?: string;
}

export interface RawFileRead<T> {
  (
    body: AsyncIterable<Buffer> & { destroy(): void },
    contentLength: number | undefined,
  ): Promise<T>;
}

export interface CreateHookRequest {
  url: string;
  secret: string;
  events: string[];
}

export const seg = (value: string): string => encodeURIComponent(value);
export const filePath = (path: string): string => path.split('/').map(seg).join('/');
export const repoPath = (owner: string, repo: string): string =>
  `/repos/${seg(owner)}/${seg(repo)}`;

export function totalCount(
  headers: Record<string, string | string[] | undefined>,
): number | undefined {
  const raw = headers['x-total-count'] ?? headers['x-total'];
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isInteger(value) && value >= 0 ? value : undefined;
}

export function pageQuery(page: PageRequest): { page: number; limit: number } {
  return {
    page: Math.max(1, page.page),
    limit: Math.min(GITEA_MAX_LIMIT, Math.max(1, page.limit)),
  };
}
