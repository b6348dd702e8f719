import { QUOTA_SCOPE } from '@gitforge/auth';
import { DomainError } from '@gitforge/errors';
import type { Logger } from '@gitforge/logging';
import { sendJson, serviceOwnerRoute, type Route } from '@gitforge/server';
import type { GiteaAuth } from '../gitea';
import { OwnerQuotas, type QuotaDeps } from './quotaService';

/** `GET /internal/quota/{owner}`: limits and usage for the git proxy's push check. */
export const QUOTA_PATH = '/internal/quota';
/**
 * The pusher's Gitea credentials (`Basic ...` / `token ...`), which the git proxy passes along:
 * used to count only when this subgraph has no admin token.
 */
export const GITEA_AUTHORIZATION_HEADER = 'x-gitforge-gitea-authorization';

/** `Basic base64(user:password)` or `token|Bearer <token>` as a GiteaAuth; anything else none. */
export function giteaAuthFromHeader(header: string | undefined): GiteaAuth | undefined {
  const [scheme = '', value = ''] = (header ?? '').trim().split(/\s+/, 2);
  if (!value) return undefined;
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    return { kind: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  return /^(token|bearer)$/i.test(scheme) ? { kind: 'token', token: value } : undefined;
}

/**
 * Answers `{ owner, maxRepositories, maxSizeBytes, repositoryCount, sizeBytes }` to a service
 * token with the `quota` scope (401 otherwise); 503 with `{ error, upstream }` when the limits
 * or the usage cannot be had, so that the caller refuses rather than allows.
 */
export function quotaRoute(options: { deps: QuotaDeps; jwtSecret: string; logger: Logger }): Route {
  return serviceOwnerRoute({
    path: QUOTA_PATH,
    scope: QUOTA_SCOPE,
    jwtSecret: options.jwtSecret,
    answer: async (owner, req, res) => {
      const forwarded = req.headers[GITEA_AUTHORIZATION_HEADER];
      const callerAuth = giteaAuthFromHeader(typeof forwarded === 'string' ? forwarded : undefined);
      try {
        const status = await new OwnerQuotas(options.deps, null, callerAuth).status(owner);
        sendJson(res, 200, { ...status, owner: status.owner.toLowerCase() });
      } catch (err) {
        if (
          err instanceof DomainError &&
          (err.code === 'BAD_USER_INPUT' || err.code === 'NOT_FOUND')
        ) {
          sendJson(res, err.httpStatus, { error: err.message });
          return;
        }
        const upstream = err instanceof DomainError ? err.extensions?.upstream : undefined;
        options.logger.warn({ err, owner }, 'quota status unavailable');
        sendJson(res, 503, { error: 'quota unavailable', upstream: upstream ?? 'repository' });
      }
    },
  });
}
