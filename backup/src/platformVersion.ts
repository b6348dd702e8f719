import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { runTool } from './runTool';

/** The repository root (this file runs from backup/src or backup/dist). */
export const rootDir = resolve(__dirname, '..', '..');

/** The root package.json's name and version, and the git commit when run from a checkout. */
export async function platformVersion(): Promise<{
  name: string;
  version: string;
  commit?: string;
}> {
  const pkg = JSON.parse(await readFile(join(rootDir, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  const head = await runTool('git', ['-C', rootDir, 'rev-parse', 'HEAD']).catch(() => undefined);
  const commit = head?.code === 0 ? head.stdout.trim() : undefined;
  return { name: pkg.name, version: pkg.version, ...(commit ? { commit } : {}) };
}
