import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { api, git, gitUrl, startGithost, tempDir, type TestGithost } from './helpers';
import { buildOrgWorld, type OrgWorld } from './orgFixture';

// Real git processes on a shared machine: generous, since nothing here measures time.
jest.setTimeout(120_000);

/**
 * The permission levels through the git CLI over smart HTTP, on the private organization
 * repository `acme/app`: clone needs read, push needs write, for every role of the matrix.
 */
describe('permission levels over git smart HTTP', () => {
  let gh: TestGithost;
  let w: OrgWorld;
  let work: string;
  let n = 0;

  beforeAll(async () => {
    gh = await startGithost();
    w = await buildOrgWorld(gh);
    work = await tempDir('githost-levels-');
  });
  afterAll(async () => {
    await gh.dispose();
    await rm(work, { recursive: true, force: true });
  });

  const head = async () =>
    (await api(gh.url, 'GET', '/repos/acme/app/branches/main', { auth: w.owner.auth })).body.commit
      .id as string;

  async function clone(login?: string, password?: string) {
    const dir = `clone-${(n += 1)}`;
    const run = await git(['clone', gitUrl(gh.url, 'acme/app', login, password), dir], work);
    return { ...run, dir: join(work, dir) };
  }

  /** Clones as the owner, commits, pushes as `login`; says whether the push moved main. */
  async function push(login: string, password: string) {
    const { dir, code } = await clone(w.owner.login, w.owner.password);
    expect(code).toBe(0);
    await writeFile(join(dir, `${login}.txt`), `${login} was here ${n}\n`);
    await git(['add', '.'], dir);
    await git(['commit', '-q', '-m', `by ${login}`], dir);
    const before = await head();
    const run = await git(['push', gitUrl(gh.url, 'acme/app', login, password), 'HEAD:main'], dir);
    const after = await head();
    return { ...run, moved: after !== before };
  }

  it('clones a private repository with read access; others are refused as Gitea does', async () => {
    for (const who of [w.reader, w.writer, w.admin, w.teamReader, w.teamWriter, w.owner]) {
      const run = await clone(who.login, who.password);
      expect({ who: who.login, code: run.code }).toEqual({ who: who.login, code: 0 });
    }
    const admin = await clone(w.siteAdmin.login, w.siteAdmin.password);
    expect(admin.code).toBe(0);
    // With a token as the password, too.
    expect((await clone(w.reader.login, w.reader.token)).code).toBe(0);

    // Anonymous: asked for credentials (401), which a non-interactive git cannot give.
    const anonymous = await clone();
    expect(anonymous.code).not.toBe(0);
    expect(anonymous.stderr).toMatch(/could not read Username|Authentication failed|401/);
    // A signed-in outsider: 404, as if the repository did not exist.
    const outsider = await clone(w.outsider.login, w.outsider.password);
    expect(outsider.code).not.toBe(0);
    expect(outsider.stderr).toMatch(/not found/);
    const refs = await fetch(`${gh.url}/acme/app.git/info/refs?service=git-upload-pack`, {
      headers: {
        authorization: `Basic ${Buffer.from(`bob:${w.outsider.password}`).toString('base64')}`,
      },
    });
    expect(refs.status).toBe(404);
    await refs.text();
    const anonymousRefs = await fetch(`${gh.url}/acme/app.git/info/refs?service=git-upload-pack`);
    expect(anonymousRefs.status).toBe(401);
    expect(anonymousRefs.headers.get('www-authenticate')).toBe('Basic realm="."');
    await anonymousRefs.text();
  });

  it('accepts pushes with write access and refuses them with read access', async () => {
    for (const who of [w.writer, w.admin, w.teamWriter, w.owner]) {
      const run = await push(who.login, who.password);
      expect({ who: who.login, code: run.code, moved: run.moved }).toEqual({
        who: who.login,
        code: 0,
        moved: true,
      });
    }
    const admin = await push(w.siteAdmin.login, w.siteAdmin.password);
    expect({ code: admin.code, moved: admin.moved }).toEqual({ code: 0, moved: true });
    for (const who of [w.reader, w.teamReader, w.outsider]) {
      const run = await push(who.login, who.password);
      expect({ who: who.login, refused: run.code !== 0, moved: run.moved }).toEqual({
        who: who.login,
        refused: true,
        moved: false,
      });
    }
  });

  it('follows a change of level at once: a removed collaborator can no longer push or clone', async () => {
    expect((await push(w.writer.login, w.writer.password)).moved).toBe(true);
    const removed = await api(gh.url, 'DELETE', '/repos/acme/app/collaborators/dave', {
      auth: w.admin.auth,
    });
    expect(removed.status).toBe(204);
    const refused = await push(w.writer.login, w.writer.password);
    expect({ refused: refused.code !== 0, moved: refused.moved }).toEqual({
      refused: true,
      moved: false,
    });
    expect((await clone(w.writer.login, w.writer.password)).code).not.toBe(0);

    // A reader raised to write pushes; a team given the repository clones.
    await api(gh.url, 'PUT', '/repos/acme/app/collaborators/carol', {
      auth: w.owner.auth,
      body: { permission: 'write' },
    });
    expect((await push(w.reader.login, w.reader.password)).moved).toBe(true);
    await api(gh.url, 'PUT', `/teams/${w.devs}/members/bob`, { auth: w.owner.auth });
    expect((await push(w.outsider.login, w.outsider.password)).moved).toBe(true);
  });

  it('lets a read-only token clone but not push, even for the owner', async () => {
    const token = await api(gh.url, 'POST', '/users/alice/tokens', {
      auth: { basic: ['alice', w.owner.password] },
      body: { name: 'read-only', scopes: ['read:repository'] },
    });
    expect((await clone('alice', token.body.sha1)).code).toBe(0);
    const run = await push('alice', token.body.sha1);
    expect({ refused: run.code !== 0, moved: run.moved }).toEqual({ refused: true, moved: false });
  });
});
