import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { resultsMarkdown, type BenchResults } from './report';

export const README_START = '<!-- npm run bench: start -->';
export const README_END = '<!-- npm run bench: end -->';

/** Formatted the way `prettier --check .` expects, so a committed result passes `npm run lint`. */
export async function pretty(text: string, filepath: string): Promise<string> {
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
