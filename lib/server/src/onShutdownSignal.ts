import type { Logger } from '@gitforge/logging';

/**
 * Runs `shutdown` once on SIGTERM or SIGINT, then exits 0; exits 1 if it takes longer than
 * `graceMs` or fails.
 */
export function onShutdownSignal(
  logger: Logger,
  shutdown: () => Promise<void>,
  graceMs = 10_000,
): void {
  let started = false;
  const handle = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took too long, exiting');
      process.exit(1);
    }, graceMs);
    force.unref();
    shutdown().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', handle);
  process.once('SIGINT', handle);
}
