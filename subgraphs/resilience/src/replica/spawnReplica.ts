import { fork } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { replicaLogFile } from './replicaFiles';

export interface SpawnReplicaOptions {
  node: number;
  dataDir: string;
  orphanMs: number;
  timeoutMs: number;
}

/** `node replica/main.js` (or main.ts under @swc-node/register, as the subgraph itself runs). */
function replicaCommand(): { script: string; execArgv: string[] } {
  const ext = extname(__filename);
  const execArgv = [...process.execArgv];
  if (ext === '.ts' && !execArgv.some((a) => a.includes('@swc-node/register'))) {
    execArgv.push('-r', '@swc-node/register');
  }
  return { script: join(__dirname, `main${ext}`), execArgv };
}

/**
 * Starts one replica process with its output in its own log file (so it survives the
 * subgraph's death) and resolves with its pid and port once it listens.
 */
export function spawnReplica(options: SpawnReplicaOptions): Promise<{ pid: number; port: number }> {
  const { script, execArgv } = replicaCommand();
  const logPath = replicaLogFile(options.dataDir, options.node);
  mkdirSync(dirname(logPath), { recursive: true });
  const log = openSync(logPath, 'a');
  const child = fork(script, [], {
    execArgv,
    env: {
      ...process.env,
      GITFORGE_DATA_DIR: options.dataDir,
      RESILIENCE_REPLICA_NODE: String(options.node),
      RESILIENCE_REPLICA_ORPHAN_MS: String(options.orphanMs),
    },
    stdio: ['ignore', log, log, 'ipc'],
  });
  closeSync(log);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`replica ${options.node} did not start (see ${logPath})`));
    }, options.timeoutMs);
    child.once('message', (message: { type?: string; port?: number }) => {
      if (message.type !== 'listening' || typeof message.port !== 'number' || !child.pid) return;
      clearTimeout(timer);
      child.unref();
      child.channel?.unref();
      resolve({ pid: child.pid, port: message.port });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`replica ${options.node} exited (${signal ?? code}) while starting`));
    });
  });
}
