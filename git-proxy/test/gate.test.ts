import { authorize } from '../src/gate/authorize';
import type { Identity } from '../src/gate/authenticate';
import { CredentialCache } from '../src/gate/CredentialCache';
import type { GitService } from '../src/protocol/gitServices';
import { levelOf, type GiteaApi, type RepositoryLookup } from '../src/upstream/GiteaApi';

/** The permission rule as a table: who × repository × service → answer. */

const user = (login: string): Identity => ({
  kind: 'user',
  login,
  upstreamAuthorization: `Basic ${Buffer.from(login).toString('base64')}`,
});
const anonymous: Identity = { kind: 'anonymous' };

type Permissions = { admin: boolean; push: boolean; pull: boolean };
const NONE: Permissions = { admin: false, push: false, pull: false };
const READ: Permissions = { admin: false, push: false, pull: true };
const WRITE: Permissions = { admin: false, push: true, pull: true };
const ADMIN: Permissions = { admin: true, push: true, pull: true };

/**
 * Gitea's view, as `GET /repos/{owner}/{repo}` answers each caller: a private repository is
 * visible to those with a level in it; a public one to everyone (anonymous with pull only).
 */
function giteaWith(
  repos: Record<string, { private: boolean; levels: Record<string, Permissions> }>,
): GiteaApi {
  return {
    repository: async (owner: string, repo: string, authorization?: string) => {
      const found = repos[`${owner}/${repo}`];
      const login = authorization
        ? Buffer.from(authorization.slice('Basic '.length), 'base64').toString()
        : undefined;
      if (!found) return { kind: 'not-visible' };
      const own = login ? found.levels[login] : undefined;
      if (found.private && (!own || !own.pull)) return { kind: 'not-visible' };
      const permissions = own ?? READ;
      return {
        kind: 'visible',
        repository: { ownerLogin: owner, private: found.private, level: levelOf(permissions) },
      } satisfies RepositoryLookup;
    },
  } as unknown as GiteaApi;
}

const levels = { alice: ADMIN, reader: READ, writer: WRITE, admin: ADMIN };
const api = giteaWith({
  'alice/public': { private: false, levels },
  'alice/secret': { private: true, levels },
});
const UP: GitService = 'git-upload-pack';
const RECEIVE: GitService = 'git-receive-pack';

describe('authorize', () => {
  const table: [string, Identity, string, GitService, string][] = [
    ['anyone reads a public repository', anonymous, 'public', UP, 'allow'],
    ['another user reads a public repository', user('bob'), 'public', UP, 'allow'],
    ['the owner pushes to a public repository', user('alice'), 'public', RECEIVE, 'allow'],
    ['another user may not push', user('bob'), 'public', RECEIVE, 'forbidden'],
    ['a READ collaborator may not push', user('reader'), 'public', RECEIVE, 'forbidden'],
    ['a WRITE collaborator pushes', user('writer'), 'public', RECEIVE, 'allow'],
    ['an anonymous push is asked to sign in', anonymous, 'public', RECEIVE, 'challenge'],
    ['the owner reads a private repository', user('alice'), 'secret', UP, 'allow'],
    ['the owner pushes to a private repository', user('alice'), 'secret', RECEIVE, 'allow'],
    ['a READ collaborator clones a private repository', user('reader'), 'secret', UP, 'allow'],
    ['a READ collaborator may not push to it', user('reader'), 'secret', RECEIVE, 'forbidden'],
    ['a WRITE collaborator pushes to it', user('writer'), 'secret', RECEIVE, 'allow'],
    ['an ADMIN collaborator pushes to it', user('admin'), 'secret', RECEIVE, 'allow'],
    [
      'anonymous reading a private repository is asked to sign in',
      anonymous,
      'secret',
      UP,
      'challenge',
    ],
    ['another user does not see a private repository', user('bob'), 'secret', UP, 'not-found'],
    [
      'another user cannot push to an unseen repository',
      user('bob'),
      'secret',
      RECEIVE,
      'not-found',
    ],
    ['a missing repository is not found', user('bob'), 'missing', UP, 'not-found'],
    [
      'anonymous reading a missing repository is asked to sign in',
      anonymous,
      'missing',
      UP,
      'challenge',
    ],
  ];

  it.each(table)('%s', async (_name, identity, repo, service, expected) => {
    const decision = await authorize(api, identity, { owner: 'alice', repo, service });
    expect(decision.allow ? 'allow' : decision.reason).toBe(expected);
  });

  it('grants nothing when Gitea shows a repository without permissions (fail closed)', async () => {
    const silent = {
      repository: async () => ({
        kind: 'visible',
        repository: { ownerLogin: 'alice', private: true, level: levelOf(undefined) },
      }),
    } as unknown as GiteaApi;
    const target = { owner: 'alice', repo: 'secret' };
    expect(await authorize(silent, user('bob'), { ...target, service: UP })).toEqual({
      allow: false,
      reason: 'not-found',
      message: 'Repository not found',
    });
    expect((await authorize(silent, anonymous, { ...target, service: UP })).allow).toBe(false);
  });

  it('names the missing level when a reader pushes', async () => {
    const decision = await authorize(api, user('reader'), {
      owner: 'alice',
      repo: 'secret',
      service: RECEIVE,
    });
    expect(decision).toEqual({
      allow: false,
      reason: 'forbidden',
      message: 'reader may not push to alice/secret: write access is needed',
    });
  });
});

describe('levelOf', () => {
  it.each([
    [ADMIN, 'admin'],
    [WRITE, 'write'],
    [READ, 'read'],
    [NONE, 'none'],
    [undefined, 'none'],
    [{ pull: 'true' }, 'none'],
  ])('%j → %s', (permissions, expected) => {
    expect(levelOf(permissions)).toBe(expected);
  });
});

describe('CredentialCache', () => {
  it('remembers an accepted credential until its TTL passes, keyed by digest', () => {
    let now = 1000;
    const cache = new CredentialCache(60_000, 10, () => now);
    cache.set('Basic c2VjcmV0', 'alice');
    expect(cache.get('Basic c2VjcmV0')).toBe('alice');
    expect(cache.get('Basic b3RoZXI=')).toBeUndefined();
    expect(JSON.stringify([...(cache as any).entries.keys()])).not.toContain('c2VjcmV0');
    now += 60_000;
    expect(cache.get('Basic c2VjcmV0')).toBeUndefined();
  });

  it('drops the oldest entry when full, and caches nothing with a TTL of 0', () => {
    const cache = new CredentialCache(60_000, 2);
    cache.set('a', 'a');
    cache.set('b', 'b');
    cache.set('c', 'c');
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 'b', 'c']);
    const off = new CredentialCache(0);
    off.set('a', 'a');
    expect(off.get('a')).toBeUndefined();
  });
});
