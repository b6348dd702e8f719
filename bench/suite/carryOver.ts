/** Partial runs (`--only e`) keep the other comparisons of the last latest.json. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResults } from './report';

/** The comparisons of a run, by their key in BenchResults. */
export const COMPARISON_KEYS = [
  'gatewayVsStock',
  'gatewayVsDirect',
  'createIssue',
  'clone',
  'gatewaysAlone',
  'soak',
] as const;

/**
 * `current` plus every comparison it lacks from `previous` (the last latest.json), so a partial
 * run (`--only e`) does not erase the other figures; `carriedOver` names each copied comparison
 * with the date of the run that measured it.
 */
export function carryOver<T extends Partial<BenchResults>>(
  current: T,
  previous: Partial<BenchResults> | undefined,
): T {
  if (!previous) return current;
  const merged: Record<string, unknown> = { ...current };
  const carried: Record<string, string> = {};
  for (const key of COMPARISON_KEYS) {
    if (current[key] !== undefined || previous[key] === undefined) continue;
    merged[key] = previous[key];
    carried[key] = previous.carriedOver?.[key] ?? previous.date ?? 'unknown';
  }
  return Object.keys(carried).length > 0 ? ({ ...merged, carriedOver: carried } as T) : current;
}

/** The previous run's latest.json in `dir`, if any (a broken file counts as none). */
export function readPreviousResults(dir: string): Partial<BenchResults> | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'latest.json'), 'utf8')) as Partial<BenchResults>;
  } catch {
    return undefined;
  }
}
