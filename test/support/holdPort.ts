import { createServer, type Server } from 'node:net';
import { isAlive, readPid } from './platform';

/** Listens on `port` (retrying while the killed process releases it) and resets every connection. */
export async function holdPort(port: number): Promise<Server> {
  for (let attempt = 0; ; attempt++) {
    const server = createServer((socket) => socket.destroy());
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve());
      });
      return server;
    } catch (err) {
      if (attempt > 200) throw err;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

/**
 * Holds a killed service's port so the supervisor's restart cannot serve on it; a restart that
 * bound it first is killed again, until the port is ours.
 */
export async function holdPortAgainstRestarts(
  port: number,
  dataDir: string,
  service: string,
): Promise<Server> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await holdPort(port);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || Date.now() > deadline) throw err;
      const restarted = readPid(dataDir, service);
      if (restarted !== undefined && isAlive(restarted)) process.kill(restarted, 'SIGKILL');
    }
  }
}

export function release(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
