import { DEMO_PASSWORD, api, startGithost, type TestGithost } from './helpers';

/** Gitea's error body. */
const giteaError = (base: string) => ({ message: expect.any(String), url: `${base}/api/swagger` });

describe('bad input gets Gitea-shaped errors and never takes githost down', () => {
  let gh: TestGithost;
  const demo = { basic: ['demo', DEMO_PASSWORD] as [string, string] };

  beforeAll(async () => {
    gh = await startGithost();
  });
  afterAll(async () => gh.dispose());

  afterEach(async () => {
    const live = await fetch(`${gh.url}/health/ready`);
    expect(live.status).toBe(200);
    await live.text();
  });

  const raw = async (path: string, init?: RequestInit) => {
    const res = await fetch(`${gh.url}${path}`, init);
    const text = await res.text();
    return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text };
  };

  it('unknown users, repositories and routes are 404', async () => {
    for (const path of [
      '/repos/nobody/nothing',
      '/repos/demo/nothing',
      '/repos/demo/nothing/commits',
      '/repos/demo/nothing/contents/README.md',
      '/users/nobody',
      '/users/nobody/repos',
    ]) {
      const res = await api(gh.url, 'GET', path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.body).toEqual(giteaError(gh.url));
    }
    const unknownRoute = await raw('/api/v1/no/such/route');
    expect(unknownRoute).toEqual({ status: 404, body: giteaError(gh.url) });
  });

  it('path traversal in file paths, owners and names finds nothing', async () => {
    for (const path of [
      '/api/v1/repos/demo/hello/contents/..%2F..%2F..%2F..%2Fetc%2Fpasswd',
      '/api/v1/repos/demo/hello/raw/..%2F..%2F..%2F..%2Fetc%2Fpasswd',
      '/api/v1/repos/demo/hello/raw/%2e%2e/%2e%2e/etc/passwd',
      '/api/v1/repos/demo/hello/contents/src/%00',
      '/api/v1/repos/..%2F..%2Fetc/passwd',
      '/api/v1/repos/demo/..%2Fhello',
      '/api/v1/repos/%2e%2e/hello/contents/README.md',
      '/api/v1/repos/demo/%2e%2e/raw/README.md',
      '/api/v1/repos/demo/hello/contents/README.md?ref=..%2F..%2Fetc%2Fpasswd',
    ]) {
      const res = await raw(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.body).toEqual(giteaError(gh.url));
    }
    for (const path of ['/%2e%2e/hello.git/info/refs', '/demo/..%2Fhello.git/info/refs']) {
      const res = await raw(`${path}?service=git-upload-pack`);
      expect([401, 404]).toContain(res.status);
    }
    // A cleaned path that exists is served, as Gitea does (path.Clean from the root).
    const cleaned = await api(gh.url, 'GET', '/repos/demo/hello/contents/src/../README.md');
    expect(cleaned.status).toBe(200);
    expect(cleaned.body.path).toBe('README.md');
  });

  it('bad refs are 404 (400 for trees, as in Gitea), never a git error', async () => {
    for (const ref of [
      'nope',
      '-h',
      '--output=/tmp/x',
      'main~1',
      'main^{tree}',
      'HEAD@{1}',
      'a..b',
    ]) {
      const q = encodeURIComponent(ref);
      const contents = await api(gh.url, 'GET', `/repos/demo/hello/contents/README.md?ref=${q}`);
      expect({ ref, status: contents.status }).toEqual({ ref, status: 404 });
      const commits = await api(gh.url, 'GET', `/repos/demo/hello/commits?sha=${q}`);
      expect({ ref, status: commits.status }).toEqual({ ref, status: 404 });
      const tree = await api(gh.url, 'GET', `/repos/demo/hello/git/trees/${q}`);
      expect({ ref, status: tree.status }).toEqual({ ref, status: 400 });
    }
    const branch = await api(gh.url, 'GET', '/repos/demo/hello/branches/..%2F..');
    expect(branch.status).toBe(404);
  });

  it('huge or nonsense paging values fall back to Gitea limits', async () => {
    const huge = await api(gh.url, 'GET', '/repos/demo/hello/commits?limit=100000&page=1');
    expect(huge.status).toBe(200);
    expect(huge.headers.get('x-perpage')).toBe('50');
    const far = await api(gh.url, 'GET', '/repos/demo/hello/commits?page=99999999999');
    expect(far.status).toBe(200);
    expect(far.body).toEqual([]);
    const nonsense = await raw('/api/v1/repos/search?limit=-5&page=abc');
    expect(nonsense.status).toBe(200);
    const tree = await api(gh.url, 'GET', '/repos/demo/hello/git/trees/main?per_page=99999999');
    expect(tree.status).toBe(200);
  });

  it('malformed bodies and invalid names are 422', async () => {
    const notJson = await api(gh.url, 'POST', '/user/repos', { auth: demo, rawBody: '{"name":' });
    expect(notJson.status).toBe(422);
    expect(notJson.body).toEqual(giteaError(gh.url));
    for (const name of ['..', '../x', 'a/b', 'x.git', '', 'a'.repeat(101), 'sp ace']) {
      const res = await api(gh.url, 'POST', '/user/repos', { auth: demo, body: { name } });
      expect({ name, status: res.status }).toEqual({ name, status: 422 });
    }
    const wrongType = await api(gh.url, 'POST', '/user/repos', { auth: demo, body: { name: 1 } });
    expect(wrongType.status).toBe(422);
    const badBranch = await api(gh.url, 'POST', '/user/repos', {
      auth: demo,
      body: { name: 'ok-name', default_branch: '../main' },
    });
    expect(badBranch.status).toBe(422);
    const duplicate = await api(gh.url, 'POST', '/user/repos', {
      auth: demo,
      body: { name: 'HELLO' },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toEqual(giteaError(gh.url));
    const badHook = await api(gh.url, 'POST', '/repos/demo/hello/hooks', {
      auth: demo,
      body: { type: 'gitea', config: { url: 'file:///etc/passwd', content_type: 'json' } },
    });
    expect(badHook.status).toBe(422);
    const badAuth = await raw('/api/v1/user', { headers: { authorization: 'Basic !!!' } });
    expect(badAuth.status).toBe(401);
  });

  it('a malformed percent-encoding is a 404 rather than a crash', async () => {
    expect((await raw('/api/v1/repos/demo/hel%zzlo')).status).toBe(404);
    expect((await raw('/api/v1/repos/demo/hello/contents/%E0%A4%A')).status).toBe(404);
  });
});
