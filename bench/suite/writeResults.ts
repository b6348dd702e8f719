import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { resultsMarkdown, type BenchResults } from './report';

export const README_START = '<!-- npm run bench: start -->';
export const README_END = '<!-- npm run bench: end -->';

/** Formatted the way `prettier --check .` expects, so a committed result passes `npm run lint`. */
async function pretty(text: string, filepath: string): Promise<string> {
  const options = (await resolveConfig(filepath)) ?? {};
  return format(text, { ...options, filepath });
}

/** Writes `latest.json` and `latest.md` into `dir`; returns their paths. */
export async function writeResults(results: BenchResults, dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'latest.json');
  const md = join(dir, 'latest.md');
  writeFileSync(json, await pretty(JSON.stringify(results, null, 2), json));
  writeFileSync(md, await pretty(`# npm run bench: latest run\n\n${resultsMarkdown(results)}`, md));
  return [json, md];
}

/**
 * Replaces what lies between the README's bench markers with this run's table; false (and no
 * change) when the markers are missing.
 */
export async function updateReadme(results: BenchResults, readme: string): Promise<boolean> {
  if (!existsSync(readme)) return false;
  const text = readFileSync(readme, 'utf8');
  const start = text.indexOf(README_START);
  const end = text.indexOf(README_END);
  if (start === -1 || end === -1 || end < start) return false;
  // Only the block is formatted: the rest of the README is left exactly as it is.
  const block = await pretty(resultsMarkdown(results), readme);
  const updated = text.slice(0, start + README_START.length) + `\n\n${block}\n` + text.slice(end);
  writeFileSync(readme, updated);
  return true;
}

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
