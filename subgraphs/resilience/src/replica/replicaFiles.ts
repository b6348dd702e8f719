import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `$GITFORGE_DATA_DIR/run/resilience-replica-<n>.pid`: for external tools that kill by pid. */
export const replicaPidFile = (dataDir: string, node: number): string =>
  join(dataDir, 'run', `resilience-replica-${node}.pid`);

/** Where a replica says which loopback port it listens on, so a restarted subgraph finds it. */
export const replicaPortFile = (dataDir: string, node: number): string =>
  join(dataDir, 'resilience', 'replicas', `replica-${node}.json`);

export const replicaLogFile = (dataDir: string, node: number): string =>
  join(dataDir, 'resilience', 'replicas', `replica-${node}.log`);

export interface ReplicaAddress {
  pid: number;
  port: number;
}

export function readReplicaAddress(dataDir: string, node: number): ReplicaAddress | undefined {
  try {
    const parsed = JSON.parse(readFileSync(replicaPortFile(dataDir, node), 'utf8')) as unknown;
    const { pid, port } = parsed as Partial<ReplicaAddress>;
    return typeof pid === 'number' && typeof port === 'number' ? { pid, port } : undefined;
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
