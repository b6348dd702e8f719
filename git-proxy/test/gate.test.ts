import { authorize } from '../src/gate/authorize';
import type { Identity } from '../src/gate/authenticate';
import { CredentialCache } from '../src/gate/CredentialCache';
import type { GitService } from '../src/protocol/gitServices';
import type { GiteaApi, RepositoryLookup } from '../src/upstream/GiteaApi';

/** The permission rule as a table: who × visibility × service → answer. */

const alice: Identity = { kind: 'user', login: 'alice', upstreamAuthorization: 'Basic YQ==' };
const bob: Identity = { kind: 'user', login: 'bob', upstreamAuthorization: 'Basic Yg==' };
const anonymous: Identity = { kind: 'anonymous' };

/** Gitea's view: owners see their private repositories, nobody else does. */
function giteaWith(repos: Record<string, { private: boolean }>): GiteaApi {
  return {
    repository: async (owner: string, repo: string, authorization?: string) => {
      const found = repos[`${owner}/${repo}`];
      const viewer = authorization === 'Basic YQ==' ? 'alice' : authorization ? 'bob' : undefined;
      if (!found || (found.private && viewer !== owner)) return { kind: 'not-visible' };
      return {
        kind: 'visible',
        repository: { ownerLogin: owner, private: found.private },
      } satisfies RepositoryLookup;
    },
  } as unknown as GiteaApi;
}

const api = giteaWith({ 'alice/public': { private: false }, 'alice/secret': { private: true } });
const UP: GitService = 'git-upload-pack';
const RECEIVE: GitService = 'git-receive-pack';

describe('authorize', () => {
  const table: [string, Identity, string, GitService, string][] = [
    ['anyone reads a public repository', anonymous, 'public', UP, 'allow'],
    ['another user reads a public repository', bob, 'public', UP, 'allow'],
    ['the owner pushes to a public repository', alice, 'public', RECEIVE, 'allow'],
    ['another user may not push', bob, 'public', RECEIVE, 'forbidden'],
    ['an anonymous push is asked to sign in', anonymous, 'public', RECEIVE, 'challenge'],
    ['the owner reads a private repository', alice, 'secret', UP, 'allow'],
    ['the owner pushes to a private repository', alice, 'secret', RECEIVE, 'allow'],
    [
      'anonymous reading a private repository is asked to sign in',
      anonymous,
      'secret',
      UP,
      'challenge',
    ],
    ['another user does not see a private repository', bob, 'secret', UP, 'not-found'],
    ['another user cannot push to an unseen repository', bob, 'secret', RECEIVE, 'not-found'],
    ['a missing repository is not found', bob, 'missing', UP, 'not-found'],
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

  it('hides a private repository from a user Gitea lets see it (not its owner)', async () => {
    const generous = {
      repository: async () => ({
        kind: 'visible',
        repository: { ownerLogin: 'alice', private: true },
      }),
    } as unknown as GiteaApi;
    const decision = await authorize(generous, bob, {
      owner: 'alice',
      repo: 'secret',
      service: UP,
    });
    expect(decision).toEqual({
      allow: false,
      reason: 'not-found',
      message: 'Repository not found',
    });
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
