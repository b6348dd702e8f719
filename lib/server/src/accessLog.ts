import { z } from 'zod';
import { positiveInt } from '@gitforge/env';

/**
 * Which requests get a `request completed` line. `all`: every one (probes and scrapes at
 * debug). `errors-and-slow`: only answers with status ≥ 400, aborted ones and those slower
 * than `slowMs`; every request is still counted in `http_requests_total` and
 * `http_request_duration_seconds`.
 */
export type AccessLogMode = 'all' | 'errors-and-slow';

export interface AccessLogPolicy {
  mode: AccessLogMode;
  /** `errors-and-slow`: a request taking at least this long is logged whatever its status. */
  slowMs: number;
}

export const DEFAULT_ACCESS_LOG: AccessLogPolicy = { mode: 'all', slowMs: 1000 };

/** `ACCESS_LOG` and `ACCESS_LOG_SLOW_MS`, for a service's env.ts. */
export const accessLogEnvModel = z.object({
  ACCESS_LOG: z.enum(['all', 'errors-and-slow']).default(DEFAULT_ACCESS_LOG.mode),
  ACCESS_LOG_SLOW_MS: positiveInt(DEFAULT_ACCESS_LOG.slowMs),
});

export function accessLogPolicyFromEnv(env: z.infer<typeof accessLogEnvModel>): AccessLogPolicy {
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

/** The level of a request's access line under `policy`, or undefined for no line. */
export function accessLogLevel(
  policy: AccessLogPolicy,
  req: CompletedRequest,
): AccessLogLevel | undefined {
  const notable = req.status >= 400 || req.aborted || req.durationMs >= policy.slowMs;
  if (policy.mode === 'errors-and-slow' && !notable) return undefined;
  // Probes and scrapes arrive every few seconds (a not-ready 503 included): debug only.
  if (req.probe) return 'debug';
  return req.status >= 500 ? 'warn' : 'info';
}
