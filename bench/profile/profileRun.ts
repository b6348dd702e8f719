import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The preload that profiles each platform process (see its header). */
export const PROFILE_PRELOAD = resolve(__dirname, 'cpuProfilePreload.cjs');

/** `<out>/profiles/<UTC date and time>/`, created. */
export function profileRunDir(out: string, now = new Date()): string {
  const stamp = now.toISOString().slice(0, 16).replace(':', '');
  const dir = join(out, 'profiles', stamp);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Now on V8's profile clock (CLOCK_MONOTONIC, as `process.hrtime`), in microseconds. */
export function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** Environment that makes every Node process the supervisor starts write a CPU profile. */
export function profilingEnv(dir: string, intervalMicros: number): Record<string, string> {
  const existing = process.env.NODE_OPTIONS ?? '';
  return {
    NODE_OPTIONS: `${existing} --require ${JSON.stringify(PROFILE_PRELOAD)}`.trim(),
    BENCH_CPU_PROFILE_DIR: dir,
    BENCH_CPU_PROFILE_INTERVAL_US: String(intervalMicros),
  };
}

/** Where and how often to sample; undefined when the run does not profile. */
export interface ProfileOptions {
  dir: string;
  intervalMicros: number;
}
