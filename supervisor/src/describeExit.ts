import type { PortVar } from './env';

/** `exit code 1`, `signal SIGKILL`. */
export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `signal ${signal}`;
  return code === null ? 'an unknown reason' : `exit code ${code}`;
}

export interface CrashLoop {
  name: string;
  failures: number;
  lastExit: string;
  retryInMs: number;
  portVar: PortVar;
  port: number;
  /** The child's last output lines, already prefixed. */
  recentOutput: string[];
}

/** The loud, human-readable report printed when a service keeps dying right after it starts. */
export function describeCrashLoop(loop: CrashLoop): string {
  const lines = [
    `GitForge: ${loop.name} keeps crashing (${loop.failures} times in a row, last: ${loop.lastExit}); ` +
      `still retrying, next attempt in ${loop.retryInMs} ms.`,
  ];
  if (loop.recentOutput.some((line) => line.includes('EADDRINUSE'))) {
    lines.push(
      `  Port ${loop.port} is already in use by another process: stop it, or set ${loop.portVar} to a free port.`,
    );
  }
  if (loop.recentOutput.length > 0) {
    lines.push('  Last output:', ...loop.recentOutput.map((line) => `    ${line}`));
  }
  return lines.join('\n');
}

export interface PortConflict {
  name: string;
  portVar: PortVar;
  port: number;
  code: string;
  /** A pid file of an earlier run naming a process that is still alive. */
  livePidFromEarlierRun?: number;
}

/** Why GitForge refuses to start when its ports are taken. */
export function describePortConflicts(conflicts: PortConflict[]): string {
  const lines = ['GitForge cannot start: ports it needs are not available.'];
  for (const c of conflicts) {
    const why = c.code === 'EADDRINUSE' ? 'is already in use' : `cannot be bound (${c.code})`;
    lines.push(`  - port ${c.port} for ${c.name} ${why}; set ${c.portVar} to use another port.`);
    if (c.livePidFromEarlierRun !== undefined) {
      lines.push(
        `    An earlier GitForge run left ${c.name} running as pid ${c.livePidFromEarlierRun}; stop it with \`kill ${c.livePidFromEarlierRun}\`.`,
      );
    }
  }
  return lines.join('\n');
}
