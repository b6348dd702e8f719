export interface BackoffPolicy {
  /** Delay before the first restart; doubles with every further consecutive failure. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** A child that stayed up this long counts as healthy: its next failure starts over. */
  resetAfterMs: number;
  /** Consecutive failures after which the supervisor reports a crash loop. */
  crashLoopThreshold: number;
}

export const defaultBackoffPolicy: BackoffPolicy = {
  initialDelayMs: 250,
  maxDelayMs: 10_000,
  resetAfterMs: 30_000,
  crashLoopThreshold: 5,
};

/** Consecutive failures once a child that ran for `uptimeMs` has died. */
export function countFailure(previousFailures: number, uptimeMs: number, policy: BackoffPolicy) {
  return uptimeMs >= policy.resetAfterMs ? 1 : previousFailures + 1;
}

/** Delay before restarting after the `failures`-th consecutive failure (1-based). */
export function restartDelayMs(failures: number, policy: BackoffPolicy): number {
  const exponent = Math.max(0, failures - 1);
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** exponent);
}
