/**
 * Open-file limits for 10,000 sockets on one machine (each connection is a descriptor in the
 * client process and another in the gateway): a process whose soft limit is too low gets it
 * raised with prlimit(1), up to the hard limit (above it only as root); a warning otherwise.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Soft and hard "Max open files" of a process, from /proc/<pid>/limits. */
export function openFilesLimit(pid: number | 'self' = 'self'): { soft: number; hard: number } {
  const text = readFileSync(`/proc/${pid}/limits`, 'utf8');
  const match = /^Max open files\s+(\S+)\s+(\S+)/m.exec(text);
  const value = (v: string | undefined) =>
    v === undefined || v === 'unlimited' ? Infinity : Number(v);
  return { soft: value(match?.[1]), hard: value(match?.[2]) };
}

const warned = new Set<string>();

/** Makes sure `pid` may open `need` descriptors (best effort: warns when it cannot). */
export function raiseOpenFiles(pid: number, need: number): void {
  let limit: { soft: number; hard: number };
  try {
    limit = openFilesLimit(pid);
  } catch {
    return; // gone already
  }
  if (limit.soft >= need) return;
  const hard = Math.max(limit.hard, need);
  try {
    execFileSync('prlimit', ['--pid', String(pid), `--nofile=${need}:${hard}`], {
      stdio: 'ignore',
    });
  } catch {
    const key = `${need}`;
    if (!warned.has(key)) {
      warned.add(key);
      process.stderr.write(
        `warning: cannot raise the open-file limit of pid ${pid} to ${need} (soft ${limit.soft}, ` +
          `hard ${limit.hard}): run as root or raise \`ulimit -n\` before the bench\n`,
      );
    }
  }
}
