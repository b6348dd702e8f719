import { z } from 'zod';
import { positiveInt } from '@gitforge/env';

/**
 * At which level requests get their `request completed` line. `all`: every one at info (warn
 * for 5xx; probes and scrapes at debug). `errors-and-slow`: answers with status ≥ 400, aborted
 * ones and those slower than `slowMs` as under `all`, every other one at debug, so that at the
 * usual `LOG_LEVEL=info` a fast successful request writes nothing (the synchronous write to
 * stdout was most of a subgraph's logging cost); every request is still counted in
 * `http_requests_total` and `http_request_duration_seconds`.
 */
export type AccessLogMode = 'all' | 'errors-and-slow';

export interface AccessLogPolicy {
  mode: AccessLogMode;
  /** `errors-and-slow`: a request taking at least this long is logged whatever its status. */
  slowMs: number;
}

export const DEFAULT_ACCESS_LOG: AccessLogPolicy = { mode: 'all', slowMs: 1000 };

/** `ACCESS_LOG` (default `defaultMode`) and `ACCESS_LOG_SLOW_MS`, for a service's env.ts. */
export const accessLogEnvModel = (defaultMode: AccessLogMode = DEFAULT_ACCESS_LOG.mode) =>
  z.object({
    ACCESS_LOG: z.enum(['all', 'errors-and-slow']).default(defaultMode),
    ACCESS_LOG_SLOW_MS: positiveInt(DEFAULT_ACCESS_LOG.slowMs),
  });

export function accessLogPolicyFromEnv(env: {
  ACCESS_LOG: AccessLogMode;
  ACCESS_LOG_SLOW_MS: number;
}): AccessLogPolicy {
  return { mode: env.ACCESS_LOG, slowMs: env.ACCESS_LOG_SLOW_MS };
}

/** The levels an access line is written at. */
export type AccessLogLevel = 'debug' | 'info' | 'warn';

export interface CompletedRequest {
  /** A health probe or metrics scrape. */
  probe: boolean;
  status: number;
  durationMs: number;
  aborted: boolean;
}

/** The level of a request's access line under `policy`. */
export function accessLogLevel(policy: AccessLogPolicy, req: CompletedRequest): AccessLogLevel {
  // Probes and scrapes arrive every few seconds (a not-ready 503 included): debug only.
  if (req.probe) return 'debug';
  if (req.status >= 500) return 'warn';
  const notable = req.status >= 400 || req.aborted || req.durationMs >= policy.slowMs;
  return policy.mode === 'errors-and-slow' && !notable ? 'debug' : 'info';
}
