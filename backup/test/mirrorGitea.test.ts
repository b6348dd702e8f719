import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEMO_PASSWORD, startGithost, type TestGithost } from '../../githost/test/helpers';
import { readRefs } from '../src/backupRepositories';
import { mirrorGitea } from '../src/mirrorGitea';

/**
 * The repository step of the Kubernetes backup CronJob, against the embedded git host speaking
 * Gitea's API and smart HTTP: every repository (private ones too) mirrored with its refs, then
 * a second run that fetches only what changed.
 */

const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'gitforge-mirror-'));
let githost: TestGithost;
const basic = { authorization: `Basic ${Buffer.from(`demo:${DEMO_PASSWORD}`).toString('base64')}` };
const gitEnv = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_TERMINAL_PROMPT: '0',
  GIT_AUTHOR_NAME: 'A',
  GIT_AUTHOR_EMAIL: 'a@example.com',
  GIT_COMMITTER_NAME: 'A',
  GIT_COMMITTER_EMAIL: 'a@example.com',
};
const git = async (args: string[], cwd = work) =>
  (await run('git', args, { cwd, env: gitEnv })).stdout;

beforeAll(async () => {
  githost = await startGithost();
});

afterAll(async () => {
  await githost?.dispose();
  rmSync(work, { recursive: true, force: true });
});

it('mirrors every repository with every ref, then fetches only what changed', async () => {
  const created = await fetch(`${githost.url}/api/v1/user/repos`, {
    method: 'POST',
    headers: { ...basic, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'secret', private: true, auto_init: true }),
  });
  expect(created.status).toBe(201);
  const tokenRes = await fetch(`${githost.url}/api/v1/users/demo/tokens`, {
    method: 'POST',
    headers: { ...basic, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'backup', scopes: ['all'] }),
  });
  const token = ((await tokenRes.json()) as { sha1: string }).sha1;

  const dir = join(work, 'mirrors');
  const first = await mirrorGitea({ dir, giteaUrl: githost.url, token });
  expect(first.map((r) => r.fullName).sort()).toEqual(['demo/hello', 'demo/secret']);
  expect(first.every((r) => r.changed)).toBe(true);
  for (const repo of first) {
    const source = join(githost.dataDir, 'githost', 'repos', `${repo.fullName.toLowerCase()}.git`);
    expect(await readRefs(join(dir, 'repositories', `${repo.fullName.toLowerCase()}.git`))).toEqual(
      await readRefs(source),
    );
  }

  const clone = join(work, 'clone');
  const authed = new URL(`${githost.url}/demo/secret.git`);
  authed.username = 'demo';
  authed.password = DEMO_PASSWORD;
  await git(['clone', '--quiet', authed.toString(), clone]);
  await git(['commit', '--quiet', '--allow-empty', '-m', 'new'], clone);
  await git(['push', '--quiet', 'origin', 'HEAD'], clone);

  const second = await mirrorGitea({ dir, giteaUrl: githost.url, token });
  expect(second.filter((r) => r.changed).map((r) => r.fullName)).toEqual(['demo/secret']);
  const head = (await git(['rev-parse', 'HEAD'], clone)).trim();
  expect(second.find((r) => r.fullName === 'demo/secret')!.refs['refs/heads/main']).toBe(head);
});
