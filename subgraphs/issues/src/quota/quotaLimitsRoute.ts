import { QUOTA_SCOPE } from '@gitforge/auth';
import { DomainError } from '@gitforge/errors';
import type { Logger } from '@gitforge/logging';
import { sendJson, serviceOwnerRoute, type Route } from '@gitforge/server';
import type { QuotaService } from './quotaService';

/** The internal path other services read an owner's limits from: `${QUOTA_LIMITS_PATH}/{owner}`. */
export const QUOTA_LIMITS_PATH = '/internal/quota-limits';

/**
 * `GET /internal/quota-limits/{owner}` → `{ owner, maxRepositories, maxSizeBytes }`: the
 * repository subgraph's quota checks read the limits here. Only a service token with the
 * `quota` scope (signed with the shared JWT secret) is answered; anything else is 401.
 */
export function quotaLimitsRoute(options: {
  quotas: QuotaService;
  jwtSecret: string;
  logger: Logger;
}): Route {
  return serviceOwnerRoute({
    path: QUOTA_LIMITS_PATH,
    scope: QUOTA_SCOPE,
    jwtSecret: options.jwtSecret,
    answer: async (owner, _req, res) => {
      try {
        const limits = await options.quotas.limits(owner);
        sendJson(res, 200, {
          owner: limits.owner,
          maxRepositories: limits.maxRepositories,
          maxSizeBytes: limits.maxSizeBytes,
        });
      } catch (err) {
        if (err instanceof DomainError && err.code === 'BAD_USER_INPUT') {
          sendJson(res, 400, { error: err.message });
          return;
        }
        options.logger.error({ err, owner }, 'reading quota limits failed');
        sendJson(res, 503, { error: 'quota limits unavailable' });
      }
    },
  });
}
