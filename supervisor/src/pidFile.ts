import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function pidFilePath(runDir: string, service: string): string {
  return join(runDir, `${service}.pid`);
}

/** Written through a rename so that a reader never sees a half-written pid. */
export function writePidFile(runDir: string, service: string, pid: number): void {
  mkdirSync(runDir, { recursive: true });
  const file = pidFilePath(runDir, service);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${pid}\n`);
  renameSync(temp, file);
}

export function removePidFile(runDir: string, service: string): void {
  rmSync(pidFilePath(runDir, service), { force: true });
}

export function readPidFile(runDir: string, service: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(pidFilePath(runDir, service), 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
