import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { z } from 'zod';
import { EnvError, parseEnv } from '@gitforge/env';
import { createLogger } from '@gitforge/logging';
import { ReplicaNode } from './ReplicaNode';
import { replicaPidFile, replicaPortFile } from './replicaFiles';

/**
 * One replica node: its own OS process, started by the resilience subgraph, holding the data
 * in memory and speaking the line protocol on a loopback port. It outlives a crash of the
 * subgraph (which adopts it again on restart) and exits when no coordinator has been
 * connected for RESILIENCE_REPLICA_ORPHAN_MS.
 */
function loadReplicaEnv() {
  return parseEnv({
    replica: z.object({
      RESILIENCE_REPLICA_NODE: z.coerce.number().int().min(1).max(99),
      GITFORGE_DATA_DIR: z.string().default('.gitforge'),
      RESILIENCE_REPLICA_HOST: z.string().default('127.0.0.1'),
      RESILIENCE_REPLICA_ORPHAN_MS: z.coerce.number().int().min(1000).default(120_000),
    }),
  }).replica;
}

function main(): void {
  const env = loadReplicaEnv();
  const nodeNumber = env.RESILIENCE_REPLICA_NODE;
  const logger = createLogger(`resilience-replica-${nodeNumber}`);
  const replica = new ReplicaNode(nodeNumber);
  const pidFile = replicaPidFile(env.GITFORGE_DATA_DIR, nodeNumber);
  const portFile = replicaPortFile(env.GITFORGE_DATA_DIR, nodeNumber);
  let connections = 0;
  let orphanTimer: NodeJS.Timeout | undefined;

  const removeFiles = () => {
    rmSync(pidFile, { force: true });
    rmSync(portFile, { force: true });
  };
  const armOrphanTimer = () => {
    clearTimeout(orphanTimer);
    orphanTimer = setTimeout(() => {
      logger.warn('no coordinator connected; exiting');
      removeFiles();
      process.exit(0);
    }, env.RESILIENCE_REPLICA_ORPHAN_MS);
  };

  const server = createServer((socket) => {
    connections++;
    clearTimeout(orphanTimer);
    replica.attach(socket);
    socket.once('close', () => {
      connections--;
      if (connections === 0) armOrphanTimer();
    });
  });
  server.listen(0, env.RESILIENCE_REPLICA_HOST, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    mkdirSync(dirname(pidFile), { recursive: true });
    mkdirSync(dirname(portFile), { recursive: true });
    writeFileSync(pidFile, `${process.pid}\n`);
    writeFileSync(portFile, JSON.stringify({ pid: process.pid, port }));
    logger.info({ port, pid: process.pid }, 'replica listening');
    armOrphanTimer();
    if (process.send) {
      process.send({ type: 'listening', port }, () => process.disconnect());
    }
  });
  const stop = () => {
    removeFiles();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

try {
  main();
} catch (err) {
  console.error(err instanceof EnvError ? err.message : err);
  process.exit(1);
}
