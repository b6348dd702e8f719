/**
 * A process that logs through createLogger's stdout destination, as a service does, for
 * stdoutDestination.e2e.test.ts. Its scenario is argv[2]; it reports on stderr (unbuffered).
 */
import { createLogger } from '../../src';

const logger = createLogger('log-child', 'info');
const scenario = process.argv[2];
const report = (text: string) => process.stderr.write(`${text}\n`);

/** Lines of varied length (a few larger than a pipe's buffer), multi-byte text included. */
function logMany(count: number): void {
  for (let seq = 0; seq < count; seq += 1) {
    const padding = seq % 997 === 0 ? 'é'.repeat(70_000) : 'x'.repeat(seq % 300);
    logger.info({ seq, padding }, 'line');
  }
}

// What the services do on SIGTERM (lib/server onShutdownSignal): log, then exit.
process.once('SIGTERM', () => {
  logger.info('shutting down');
  process.exit(0);
});

const keepAlive = () => setInterval(() => undefined, 60_000);

switch (scenario) {
  case 'many-then-exit':
    logMany(Number(process.argv[3]));
    process.exit(0);
    break;
  case 'many-then-end':
    // No exit call: the process ends when nothing is left to do.
    logMany(Number(process.argv[3]));
    break;
  case 'one-then-wait':
    logger.info({ seq: 0 }, 'alone');
    keepAlive();
    report('logged');
    break;
  case 'fatal-then-exit':
    logger.info({ seq: 0 }, 'starting');
    logger.fatal('REPOSITORY_SUBGRAPH_URL is required');
    process.exit(1);
    break;
  case 'many-then-wait':
    // Fills a pipe that is never read, then waits for SIGTERM.
    logMany(Number(process.argv[3]));
    keepAlive();
    report('logged');
    break;
  default:
    throw new Error(`unknown scenario ${scenario}`);
}
