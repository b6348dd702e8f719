import type { GiteaRepository } from '../src/gitea';
import { RepositoryCache } from '../src/services/RepositoryCache';

const repo = (push: boolean): GiteaRepository => ({
  id: 1,
  name: 'app',
  full_name: 'acme/app',
  owner: { id: 2, login: 'acme', full_name: '', avatar_url: '', is_admin: false },
  description: '',
  private: true,
  empty: false,
  default_branch: 'main',
  updated_at: null,
  permissions: { admin: false, push, pull: true },
});

describe('RepositoryCache', () => {
  it('keeps answers per caller and drops every caller’s answer for a repository at once', () => {
    const cache = new RepositoryCache({ ttlMs: 60_000 });
    cache.setRepository('carol', 'acme/app', repo(false));
    cache.setRepository('dave', 'acme/app', repo(true));
    cache.setRepository('dave', 'acme/site', repo(true));
    expect(cache.repository('carol', 'acme/app')?.permissions?.push).toBe(false);
    expect(cache.repository('dave', 'ACME/App')?.permissions?.push).toBe(true);
    expect(cache.repository('erin', 'acme/app')).toBeUndefined();
    expect(cache.invalidate('Acme/APP')).toBe(2);
    expect(cache.repository('carol', 'acme/app')).toBeUndefined();
    expect(cache.repository('dave', 'acme/app')).toBeUndefined();
    expect(cache.repository('dave', 'acme/site')).toBeDefined();
  });

  it('never stores an answer fetched before an invalidation (a revocation racing a read)', () => {
    const cache = new RepositoryCache({ ttlMs: 60_000 });
    const generation = cache.generation;
    // Gitea answered carol with WRITE; meanwhile her access was removed and announced.
    cache.invalidate('acme/app');
    cache.setRepository('carol', 'acme/app', repo(true), generation);
    expect(cache.repository('carol', 'acme/app')).toBeUndefined();
    // An answer fetched after the invalidation is kept.
    cache.setRepository('carol', 'acme/app', repo(false), cache.generation);
    expect(cache.repository('carol', 'acme/app')?.permissions?.push).toBe(false);
  });
});
