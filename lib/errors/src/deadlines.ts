/**
 * Request header carrying how long the caller will wait for this answer, in milliseconds (as
 * gRPC's `grpc-timeout`): the gateway sends its subgraph timeout, so a subgraph ends its own
 * upstream calls in time to answer with the real cause instead of being cut off.
 */
export const TIMEOUT_HEADER = 'x-gitforge-timeout-ms';

/** Time kept back from the caller's deadline so an inner failure still reaches it. */
export const DEADLINE_MARGIN_MS = 250;

/**
 * The budget a service gives one request: its own (`ownMs`), capped by the caller's timeout
 * (the `TIMEOUT_HEADER` value) less a margin of 10 % and at least `DEADLINE_MARGIN_MS`.
 * A missing or malformed header leaves the service's own budget.
 */
export function requestBudgetMs(
  ownMs: number,
  callerTimeout: string | string[] | undefined,
): number {
  const caller = Number(Array.isArray(callerTimeout) ? callerTimeout[0] : callerTimeout);
  if (!Number.isFinite(caller) || caller <= 0) return ownMs;
  const margin = Math.max(DEADLINE_MARGIN_MS, caller * 0.1);
  return Math.max(1, Math.min(ownMs, Math.floor(caller - margin)));
}
