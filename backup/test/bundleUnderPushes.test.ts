import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { backupRepository } from '../src/backupRepositories';
import { repositoryPath } from '../src/dataDirLayout';

/**
 * Plain `git bundle create --all` drops refs that move while it runs (and refuses outright when
 * that is every ref): a bundle taken during pushes must still hold every ref, as of one instant.
 */

const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'gitforge-bundle-'));
const dataDir = join(work, 'data');
const gitDir = join(dataDir, repositoryPath('alice', 'busy'));
const clone = join(work, 'clone');
const gitEnv = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'A',
  GIT_AUTHOR_EMAIL: 'a@example.com',
  GIT_COMMITTER_NAME: 'A',
  GIT_COMMITTER_EMAIL: 'a@example.com',
};
const git = async (args: string[], cwd = work) =>
  (await run('git', args, { cwd, env: gitEnv })).stdout;

afterAll(() => rmSync(work, { recursive: true, force: true }));

it('bundles every ref of a repository that is being pushed to', async () => {
  await git(['init', '--quiet', '--bare', '--initial-branch=main', gitDir]);
  await git(['clone', '--quiet', gitDir, clone]);
  await git(['commit', '--quiet', '--allow-empty', '-m', 'first'], clone);
  await git(['push', '--quiet', 'origin', 'HEAD:main', 'HEAD:refs/heads/stable'], clone);

  let pushing = true;
  let pushes = 0;
  const pusher = (async () => {
    while (pushing) {
      await git(['commit', '--quiet', '--allow-empty', '-m', `push ${pushes}`], clone);
      await git(['push', '--quiet', 'origin', 'HEAD:main'], clone);
      pushes++;
    }
  })();
  try {
    for (let i = 0; i < 5; i++) {
      const backupDir = join(work, `backup-${i}`);
      const entry = await backupRepository(
        dataDir,
        backupDir,
        { owner: 'alice', name: 'busy' },
        undefined,
      );
      expect(Object.keys(entry!.refs).sort()).toEqual(['refs/heads/main', 'refs/heads/stable']);
      const heads = await git(['bundle', 'list-heads', join(backupDir, entry!.bundle!)]);
      expect(heads).toContain(`${entry!.refs['refs/heads/main']} refs/heads/main`);
    }
  } finally {
    pushing = false;
    await pusher;
  }
  expect(pushes).toBeGreaterThan(0);
});
