import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { readRefs } from './backupRepositories';
import { mustRun } from './runTool';

export interface MirrorOptions {
  /** Where the mirrors live (a volume kept between runs): `<dir>/repositories/<owner>/<name>.git`. */
  dir: string;
  giteaUrl: string;
  /** A site administrator's token: it sees every repository, private ones included. */
  token: string;
  log?: (line: string) => void;
}

export interface MirroredRepository {
  fullName: string;
  refs: Record<string, string>;
  /** First mirror, or a fetch that moved a ref. */
  changed: boolean;
}

interface SearchedRepo {
  full_name: string;
  clone_url: string;
  owner: { login: string };
  name: string;
}

async function listRepositories(giteaUrl: string, token: string): Promise<SearchedRepo[]> {
  const all: SearchedRepo[] = [];
  for (let page = 1; ; page++) {
    const url = new URL('/api/v1/repos/search', giteaUrl);
    url.searchParams.set('limit', '50');
    url.searchParams.set('page', String(page));
    const res = await fetch(url, { headers: { authorization: `token ${token}` } });
    if (!res.ok) throw new Error(`GET ${url.pathname} answered ${res.status}`);
    const body = (await res.json()) as { data: SearchedRepo[] };
    all.push(...body.data);
    if (body.data.length < 50) return all;
  }
}

/**
 * Repository backups for an installation whose git host is Gitea (Kubernetes): every repository
 * mirrored over smart HTTP (`git clone --mirror`, then `git fetch --prune`), which is consistent
 * per repository (upload-pack packs exactly the refs it advertised) and incremental (a fetch
 * transfers only new objects), then `git fsck`. Writes `repositories.json` with every ref.
 */
export async function mirrorGitea(options: MirrorOptions): Promise<MirroredRepository[]> {
  const log = options.log ?? (() => undefined);
  // The token goes in through the environment, never on a command line.
  const env = {
    ...process.env,
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'http.extraHeader',
    GIT_CONFIG_VALUE_0: `Authorization: token ${options.token}`,
  };
  const results: MirroredRepository[] = [];
  for (const repo of await listRepositories(options.giteaUrl, options.token)) {
    const gitDir = join(
      options.dir,
      'repositories',
      repo.owner.login.toLowerCase(),
      `${repo.name.toLowerCase()}.git`,
    );
    let before: Record<string, string> = {};
    if (existsSync(gitDir)) {
      before = await readRefs(gitDir);
      await mustRun('git', [`--git-dir=${gitDir}`, 'fetch', '--quiet', '--prune', 'origin'], {
        env,
      });
    } else {
      await mkdir(dirname(gitDir), { recursive: true });
      const partial = `${gitDir}.partial`;
      await rm(partial, { recursive: true, force: true });
      await mustRun('git', ['clone', '--quiet', '--mirror', repo.clone_url, partial], { env });
      await rename(partial, gitDir);
    }
    await mustRun('git', [`--git-dir=${gitDir}`, 'fsck', '--no-progress', '--no-dangling'], {
      env,
    });
    const refs = await readRefs(gitDir);
    const changed =
      Object.keys(before).length !== Object.keys(refs).length ||
      Object.entries(refs).some(([ref, sha]) => before[ref] !== sha);
    results.push({ fullName: repo.full_name, refs, changed });
    log(`${repo.full_name}: ${changed ? 'updated' : 'unchanged'}`);
  }
  const manifest = {
    at: new Date().toISOString(),
    giteaUrl: options.giteaUrl,
    repositories: results,
  };
  await writeFile(join(options.dir, 'repositories.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return results;
}
