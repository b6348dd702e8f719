import { connect } from 'node:net';
import { httpUrl } from './hosts';
import type { Readiness } from './serviceCatalog';

/** One readiness probe: the TCP port accepts, or the HTTP endpoint answers 2xx. */
export async function isReady(
  readiness: Readiness,
  host: string,
  port: number,
  timeoutMs = 2000,
): Promise<boolean> {
  if (readiness.kind === 'tcp') return tcpAccepts(host, port, timeoutMs);
  try {
    const res = await fetch(httpUrl(host, port, readiness.path), {
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

function tcpAccepts(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
