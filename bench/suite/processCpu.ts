/**
 * CPU time of groups of processes from /proc, for "CPU per request summed over every process":
 * a group is one service (one pid) or several (PostgreSQL's backends of the bench database).
 * Parsing is pure and unit-tested (bench/test/processCpu.test.ts); reading /proc is thin.
 */
import { readFileSync, readdirSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux everywhere). */
export const TICKS_PER_SECOND = 100;

export interface ProcStat {
  pid: number;
  /** The command name in parentheses (at most 15 characters; may contain spaces and ')'). */
  comm: string;
  ppid: number;
  /** User and system time of the process itself, in ticks. */
  utime: number;
  stime: number;
  /** Of its children that have exited and been waited for, in ticks. */
  cutime: number;
  cstime: number;
}

/** Parses one /proc/<pid>/stat line (fields after the last ')', see proc(5)). */
export function parseProcStat(text: string): ProcStat {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open)
    throw new Error(`not a /proc/<pid>/stat line: ${text.slice(0, 80)}`);
  // Fields from the 3rd (state) on: state=0, ppid=1, ..., utime=11, stime=12, cutime=13, cstime=14.
  const fields = text
    .slice(close + 2)
    .trim()
    .split(' ');
  const field = (i: number) => {
    const value = Number(fields[i]);
    if (!Number.isFinite(value))
      throw new Error(`bad /proc stat field ${i + 3}: ${text.slice(0, 80)}`);
    return value;
  };
  return {
    pid: Number(text.slice(0, open).trim()),
    comm: text.slice(open + 1, close),
    ppid: field(1),
    utime: field(11),
    stime: field(12),
    cutime: field(13),
    cstime: field(14),
  };
}

/**
 * The database a PostgreSQL backend serves, from its process title
 * (`postgres: [cluster: ]user database host(port) state`); undefined for the server's own
 * processes (checkpointer, walwriter, ...) and anything else.
 */
export function backendDatabase(title: string): string | undefined {
  const match = /^postgres: (?:\S+: )?(\S+) (\S+) (?:\[local\]|\S+\(\d+\))(?: |$)/.exec(title);
  return match?.[2];
}

/** Ticks of CPU (user + system) used so far by each pid, from one /proc snapshot. */
export type CpuSnapshot = Record<string, Map<number, number>>;

/**
 * CPU seconds per group between two snapshots. A pid in both counts its difference; a pid only
 * in `after` started during the window and counts whole; a pid only in `before` ended during it
 * and its last part is lost (PostgreSQL backends of a connection pool live across the window).
 */
export function cpuSecondsBetween(before: CpuSnapshot, after: CpuSnapshot): Record<string, number> {
  const seconds: Record<string, number> = {};
  for (const [group, pids] of Object.entries(after)) {
    let ticks = 0;
    for (const [pid, now] of pids) ticks += Math.max(0, now - (before[group]?.get(pid) ?? 0));
    seconds[group] = ticks / TICKS_PER_SECOND;
  }
  return seconds;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process ended
  }
}

/** User + system ticks of `pid` so far, undefined once it is gone. */
export function processTicks(pid: number): number | undefined {
  const text = readText(`/proc/${pid}/stat`);
  if (!text) return undefined;
  const stat = parseProcStat(text);
  return stat.utime + stat.stime;
}

/** Every process now: stat and the command line (process title), for finding groups. */
export function listProcesses(): { stat: ProcStat; cmdline: string }[] {
  const list: { stat: ProcStat; cmdline: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readText(`/proc/${entry}/stat`);
    const cmdline = readText(`/proc/${entry}/cmdline`);
    if (stat === undefined || cmdline === undefined) continue;
    list.push({ stat: parseProcStat(stat), cmdline: cmdline.replace(/\0/g, ' ').trim() });
  }
  return list;
}

/** The pids of each group, found afresh at every snapshot (backends come and go). */
export type ProcessGroups = () => Record<string, number[]>;

export function snapshotCpu(groups: Record<string, number[]>): CpuSnapshot {
  const snapshot: CpuSnapshot = {};
  for (const [group, pids] of Object.entries(groups)) {
    const ticks = new Map<number, number>();
    for (const pid of pids) {
      const value = processTicks(pid);
      if (value !== undefined) ticks.set(pid, value);
    }
    snapshot[group] = ticks;
  }
  return snapshot;
}

/**
 * The platform's processes for CPU accounting: its services by name, PostgreSQL backends
 * serving `database` (not the server's shared background processes, not other databases), and
 * the Redis server when `redis` (shared with anything else using it: an upper bound).
 */
export function platformProcessGroups(
  services: () => Record<string, number>,
  database: string,
  redis: boolean,
): ProcessGroups {
  return () => {
    const groups: Record<string, number[]> = Object.fromEntries(
      Object.entries(services()).map(([name, pid]) => [name, [pid]]),
    );
    const all = listProcesses();
    groups.postgres = all
      .filter((p) => p.stat.comm === 'postgres' && backendDatabase(p.cmdline) === database)
      .map((p) => p.stat.pid);
    if (redis) {
      groups.redis = all.filter((p) => p.stat.comm === 'redis-server').map((p) => p.stat.pid);
    }
    return groups;
  };
}
