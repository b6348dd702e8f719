import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git } from './runGit';

/** Creates the bare repository `bare` with one commit on `main` holding `files`. */
export async function seedRepository(
  bare: string,
  files: Record<string, string | Buffer>,
  home: string,
): Promise<void> {
  await git(['init', '--quiet', '--bare', '-b', 'main', bare], { home });
  const work = mkdtempSync(join(tmpdir(), 'gitforge-seed-'));
  try {
    await git(['init', '--quiet', '-b', 'main', work], { home });
    for (const [name, content] of Object.entries(files)) writeFileSync(join(work, name), content);
    await git(['add', '.'], { cwd: work, home });
    await git(['commit', '--quiet', '-m', 'initial commit'], { cwd: work, home });
    await git(['push', '--quiet', bare, 'main'], { cwd: work, home });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
