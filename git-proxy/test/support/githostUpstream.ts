import { join } from 'node:path';
import { createLogger } from '@gitforge/logging';
import { createGithost, type Githost } from '../../../githost/src/createGithost';

/** The real embedded git host (githost), with helpers to provision users and repositories. */
export interface GithostUpstream {
  url: string;
  /** Bare repository directory of `owner/name`. */
  repoPath(owner: string, name: string): string;
  createUser(login: string, password: string): Promise<void>;
  /** A Gitea access token of `login` (created with Basic auth, as Gitea requires). */
  createToken(login: string, password: string): Promise<string>;
  /** A repository with one initial commit on its default branch. */
  createRepo(login: string, password: string, name: string, isPrivate: boolean): Promise<void>;
  close(): Promise<void>;
}

const basic = (login: string, password: string) =>
  `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`;

export async function startGithostUpstream(dataDir: string): Promise<GithostUpstream> {
  const adminToken = 'admin-token-for-the-git-proxy-tests';
  const githost: Githost = await createGithost({
    dataDir,
    adminToken,
    demoPassword: 'demo-password-1',
    logger: createLogger('githost', 'silent'),
  });
  const post = async (path: string, authorization: string, body: unknown): Promise<unknown> => {
    const res = await fetch(`${githost.url}/api/v1${path}`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  return {
    url: githost.url,
    repoPath: (owner, name) => join(dataDir, 'githost', 'repos', owner, `${name}.git`),
    createUser: async (login, password) => {
      await post('/admin/users', `token ${adminToken}`, {
        username: login,
        email: `${login}@example.com`,
        password,
        must_change_password: false,
      });
    },
    createToken: async (login, password) => {
      const token = (await post(`/users/${login}/tokens`, basic(login, password), {
        name: `git-proxy-test-${Date.now()}`,
        scopes: ['write:repository', 'read:user'],
      })) as { sha1: string };
      return token.sha1;
    },
    createRepo: async (login, password, name, isPrivate) => {
      await post('/user/repos', basic(login, password), {
        name,
        private: isPrivate,
        auto_init: true,
      });
    },
    close: () => githost.close(),
  };
}
