import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPortConflicts } from '../src/findPortConflicts';
import { isReady } from '../src/isReady';
import { writePidFile } from '../src/pidFile';
import type { PlannedService } from '../src/planServices';

function listen(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer((socket) => socket.end());
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

const portOf = (server: Server) => (server.address() as { port: number }).port;

function serviceOn(port: number): PlannedService {
  return {
    name: 'issues',
    stage: 'subgraphs',
    script: '/nowhere.js',
    portVar: 'ISSUES_PORT',
    port,
    readiness: { kind: 'tcp' },
    bindHost: '127.0.0.1',
    probeHost: '127.0.0.1',
    env: {},
  };
}

describe('findPortConflicts', () => {
  let runDir: string;
  beforeEach(() => {
    runDir = mkdtempSync(join(tmpdir(), 'gitforge-ports-'));
  });
  afterEach(() => rmSync(runDir, { recursive: true, force: true }));

  it('finds a port that another process holds, and names a live pid from an earlier run', async () => {
    const server = await listen();
    try {
      writePidFile(runDir, 'issues', process.pid);
      const conflicts = await findPortConflicts([serviceOn(portOf(server))], runDir);
      expect(conflicts).toEqual([
        {
          name: 'issues',
          portVar: 'ISSUES_PORT',
          port: portOf(server),
          code: 'EADDRINUSE',
          livePidFromEarlierRun: process.pid,
        },
      ]);
    } finally {
      server.close();
    }
  });

  it('finds nothing when the port is free', async () => {
    const server = await listen();
    const port = portOf(server);
    await new Promise((resolve) => server.close(resolve));
    await expect(findPortConflicts([serviceOn(port)], runDir)).resolves.toEqual([]);
  });
});

describe('isReady', () => {
  it('sees whether a TCP port accepts connections', async () => {
    const server = await listen();
    const port = portOf(server);
    await expect(isReady({ kind: 'tcp' }, '127.0.0.1', port)).resolves.toBe(true);
    await new Promise((resolve) => server.close(resolve));
    await expect(isReady({ kind: 'tcp' }, '127.0.0.1', port)).resolves.toBe(false);
  });
});
