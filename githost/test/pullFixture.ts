import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pullApiRoutes } from '../src/api/pullRoutes';
import {
  api,
  createUser,
  git,
  gitUrl,
  startGithost,
  tempDir,
  type Auth,
  type TestGithost,
} from './helpers';

export interface PullPerson {
  login: string;
  password: string;
  token: string;
  auth: Auth;
}

/**
 * A repository `alice/project` (public, a README and src/app.txt on main) with collaborators
 * bob (write) and carol (read); dave is signed in with no access. Every person has a token.
 */
export interface PullWorld {
  gh: TestGithost;
  work: string;
  alice: PullPerson;
  bob: PullPerson;
  carol: PullPerson;
  dave: PullPerson;
}

export const APP_V1 = Array.from({ length: 12 }, (_v, i) => `line ${i + 1}`).join('\n') + '\n';

async function person(base: string, login: string): Promise<PullPerson> {
  const p = await createUser(base, login);
  return { ...p, auth: { token: p.token } };
}

export async function startPullWorld(repo = 'project', isPrivate = false): Promise<PullWorld> {
  const gh = await startGithost({ seedDemo: false });
  const work = await tempDir('githost-pulls-');
  const [alice, bob, carol, dave] = await Promise.all(
    ['alice', 'bob', 'carol', 'dave'].map((l) => person(gh.url, l)),
  );
  const world = { gh, work, alice: alice!, bob: bob!, carol: carol!, dave: dave! };
  await addRepo(world, repo, isPrivate);
  return world;
}

export async function addRepo(w: PullWorld, repo: string, isPrivate = false): Promise<string> {
  const created = await api(w.gh.url, 'POST', '/user/repos', {
    auth: w.alice.auth,
    body: { name: repo, auto_init: true, private: isPrivate },
  });
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  for (const [who, permission] of [
    [w.bob, 'write'],
    [w.carol, 'read'],
  ] as const) {
    const added = await api(w.gh.url, 'PUT', `/repos/alice/${repo}/collaborators/${who.login}`, {
      auth: w.alice.auth,
      body: { permission },
    });
    if (added.status !== 204) throw new Error(JSON.stringify(added.body));
  }
  const dir = await cloneAs(w, w.alice, `alice/${repo}`, `${repo}-alice`);
  await commitFiles(dir, { 'src/app.txt': APP_V1 }, 'Add app');
  await pushOk(dir, ['push', '-q', 'origin', 'HEAD:main']);
  return dir;
}

/** A clone whose `origin` carries `who`'s credentials. */
export async function cloneAs(
  w: PullWorld,
  who: PullPerson,
  repo: string,
  name: string,
): Promise<string> {
  const url = gitUrl(w.gh.url, repo, who.login, who.password);
  const res = await git(['clone', '-q', url, name], w.work);
  if (res.code !== 0) throw new Error(res.stderr);
  const dir = join(w.work, name);
  await git(['config', 'user.name', who.login], dir);
  await git(['config', 'user.email', `${who.login}@example.com`], dir);
  return dir;
}

export async function commitFiles(
  dir: string,
  files: Record<string, string>,
  message: string,
): Promise<string> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  const add = await git(['add', '-A'], dir);
  const commit = await git(['commit', '-q', '-m', message], dir);
  if (add.code !== 0 || commit.code !== 0) throw new Error(add.stderr + commit.stderr);
  return (await git(['rev-parse', 'HEAD'], dir)).stdout.trim();
}

export async function pushOk(dir: string, args: string[]): Promise<void> {
  const res = await git(args, dir);
  if (res.code !== 0) throw new Error(`git ${args.join(' ')}: ${res.stderr}`);
}

/** Branch `name` off main with `files` changed, pushed. */
export async function pushBranch(
  dir: string,
  name: string,
  files: Record<string, string>,
  message = `Change on ${name}`,
): Promise<string> {
  await pushOk(dir, ['fetch', '-q', 'origin']);
  await pushOk(dir, ['checkout', '-q', '-B', name, 'origin/main']);
  const sha = await commitFiles(dir, files, message);
  await pushOk(dir, ['push', '-q', 'origin', `HEAD:${name}`]);
  return sha;
}

export const appWith = (changes: Record<number, string>): string =>
  APP_V1.split('\n')
    .map((line, i) => changes[i + 1] ?? line)
    .join('\n');

/** Templates served by pullApiRoutes (checked by the pull request test files, not contract.test). */
export const isPullRoute = (template: string): boolean =>
  pullApiRoutes.some((r) => r.template === template);
