import { createServer } from 'node:net';
import type { PortConflict } from './describeExit';
import { isProcessAlive, readPidFile } from './pidFile';
import type { PlannedService } from './planServices';

/**
 * Binds each service's port for a moment before anything starts, so that a taken port is one
 * clear message instead of a child crash-looping on EADDRINUSE.
 */
export async function findPortConflicts(
  services: PlannedService[],
  runDir: string,
): Promise<PortConflict[]> {
  const conflicts: PortConflict[] = [];
  for (const service of services) {
    const code = await tryBind(service.bindHost, service.port);
    if (code === undefined) continue;
    const earlierPid = readPidFile(runDir, service.name);
    conflicts.push({
      name: service.name,
      portVar: service.portVar,
      port: service.port,
      code,
      ...(earlierPid !== undefined && isProcessAlive(earlierPid)
        ? { livePidFromEarlierRun: earlierPid }
        : {}),
    });
  }
  return conflicts;
}

/** Undefined when the port could be bound, else the error code. */
function tryBind(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    server.listen({ host, port, exclusive: true }, () => {
      server.close(() => resolve(undefined));
    });
  });
}
