import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `check` until it returns true (→ true), or until `timeoutMs` passes or `signal` aborts
 * (→ false). `onStillWaiting` is called every `reportEveryMs` while it keeps failing.
 */
export async function waitUntil(
  check: () => Promise<boolean>,
  options: {
    intervalMs: number;
    timeoutMs?: number;
    signal?: AbortSignal;
    reportEveryMs?: number;
    onStillWaiting?: (waitedMs: number) => void;
  },
): Promise<boolean> {
  const started = Date.now();
  let lastReport = started;
  while (!options.signal?.aborted) {
    if (await check()) return true;
    const now = Date.now();
    if (options.timeoutMs !== undefined && now - started >= options.timeoutMs) return false;
    if (options.reportEveryMs !== undefined && now - lastReport >= options.reportEveryMs) {
      lastReport = now;
      options.onStillWaiting?.(now - started);
    }
    try {
      await sleep(options.intervalMs, undefined, { signal: options.signal });
    } catch {
      return false;
    }
  }
  return false;
}
