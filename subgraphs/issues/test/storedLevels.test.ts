import { CuttableBus } from './support/CuttableBus';
import {
  codeOf,
  newRepository,
  ROLE_LEVELS,
  startLevelsStack,
  type LevelsStack,
} from './support/levelsStack';

/*
 * Issue 16: per-user levels persist in the issues database (repository_permission_facts),
 * written when a check answers a level that differs from the one stored, read when the
 * repository subgraph (Gitea) is down: never more than the user was last shown; a user with
 * nothing stored has NONE on a private repository, READ on a public one.
 *
 * `stack` is a replica whose bus is cut, so nothing is decided from memory: every request asks
 * the stand-in repository subgraph, and once it fails, the stored facts answer.
 */

let stack: LevelsStack;
const cut = new CuttableBus();
beforeAll(async () => {
  cut.cut = true;
  stack = await startLevelsStack({ bus: cut });
});
afterAll(async () => {
  await stack?.close();
  await cut.close();
});

const READ = `query($r: String!, $n: Int!) { issue(repository: $r, number: $n) { title viewerCanClose } }`;
const CLOSE = `mutation($i: CloseIssueInput!) { closeIssue(input: $i) { state } }`;
const ASSIGN = `mutation($i: AssignIssueInput!) { assignIssue(input: $i) { assignees { login } } }`;

async function issueIn(repository: string, login = 'alice') {
  const res = await stack.gql(
    `mutation($i: CreateIssueInput!) { createIssue(input: $i) { id number } }`,
    { i: { repository, title: `by ${login}` } },
    login,
  );
  expect(res.errors).toBeUndefined();
  return res.data.createIssue as { id: string; number: number };
}

async function stored(repository: string): Promise<Record<string, string>> {
  const rows = await stack.server.orm.em
    .fork()
    .execute<{ login: string; level: string }[]>(
      'select login, level from repository_permission_facts where repository = ? order by login',
      [repository.toLowerCase()],
    );
  return Object.fromEntries(rows.map((row) => [row.login, row.level]));
}

it('levels are stored when a check answers them, only above the baseline, changed ones only', async () => {
  const privateRepo = newRepository(stack, true, { ...ROLE_LEVELS });
  const publicRepo = newRepository(stack, false, { ...ROLE_LEVELS });
  const issue = await issueIn(privateRepo);
  await issueIn(publicRepo);
  for (const login of ['reader', 'writer', 'admin', 'bob']) {
    await stack.gql(READ, { r: privateRepo, n: issue.number }, login);
    await stack.gql(READ, { r: publicRepo, n: 1 }, login);
  }
  expect(await stored(privateRepo)).toEqual({
    admin: 'admin',
    alice: 'admin',
    reader: 'read',
    writer: 'write',
  });
  // Public: READ is everyone's, so not stored.
  expect(await stored(publicRepo)).toEqual({ admin: 'admin', alice: 'admin', writer: 'write' });
  // The same answers again write nothing (this process remembers what it stored).
  const levelWrites = () =>
    stack.queries.filter((sql) => /(insert into|delete from) repository_permission_facts/.test(sql))
      .length;
  const before = levelWrites();
  const asked = stack.fake.calls();
  for (const login of ['reader', 'writer', 'admin', 'bob']) {
    await stack.gql(READ, { r: privateRepo, n: issue.number }, login);
  }
  expect(stack.fake.calls()).toBeGreaterThan(asked);
  expect(levelWrites()).toBe(before);
});

it('a level found lower than stored (a change with no message) tells the gateway feed', async () => {
  const raisedRepo = newRepository(stack, true, { carol: 'READ' });
  const loweredRepo = newRepository(stack, true, { carol: 'WRITE' });
  const issues = [await issueIn(raisedRepo), await issueIn(loweredRepo)] as const;
  const readAs = (repository: string, n: number) => stack.gql(READ, { r: repository, n }, 'carol');
  expect((await readAs(raisedRepo, issues[0].number)).errors).toBeUndefined();
  expect((await readAs(loweredRepo, issues[1].number)).errors).toBeUndefined();
  const changes = stack.server.accessChanges.subscribe();
  try {
    // Raised: nobody loses anything, the feed is not told. Lowered: it is.
    stack.fake.repositories.get(raisedRepo)!.levels!.carol = 'WRITE';
    await readAs(raisedRepo, issues[0].number);
    stack.fake.repositories.get(loweredRepo)!.levels!.carol = 'READ';
    await readAs(loweredRepo, issues[1].number);
    expect((await changes.next()).value).toEqual({ repository: loweredRepo });
    // Removed (NOT_FOUND now): told too.
    delete stack.fake.repositories.get(raisedRepo)!.levels!.carol;
    expect(codeOf(await readAs(raisedRepo, issues[0].number))).toBe('NOT_FOUND');
    expect((await changes.next()).value).toEqual({ repository: raisedRepo });
    expect(await stored(raisedRepo)).toEqual({ alice: 'admin' });
    expect(await stored(loweredRepo)).toEqual({ alice: 'admin', carol: 'read' });
  } finally {
    await changes.return?.();
  }
});

describe('while the repository subgraph is down', () => {
  let privateRepo: string;
  let publicRepo: string;
  let theirs: { id: string; number: number };
  let publicIssue: { id: string; number: number };
  beforeAll(async () => {
    privateRepo = newRepository(stack, true, {
      ...ROLE_LEVELS,
      demoted: 'WRITE',
      removed: 'READ',
    });
    publicRepo = newRepository(stack, false, { writer: 'WRITE' });
    theirs = await issueIn(privateRepo);
    publicIssue = await issueIn(publicRepo);
    // Up: each user's check stores their level.
    for (const login of ['reader', 'writer', 'admin', 'demoted', 'removed']) {
      const res = await stack.gql(READ, { r: privateRepo, n: theirs.number }, login);
      expect(res.errors).toBeUndefined();
    }
    await stack.gql(READ, { r: publicRepo, n: publicIssue.number }, 'writer');
    // Lowered in Gitea with no message reaching this replica: their next check shows it.
    const levels = stack.fake.repositories.get(privateRepo)!.levels!;
    levels.demoted = 'READ';
    delete levels.removed;
    expect(
      (await stack.gql(READ, { r: privateRepo, n: theirs.number }, 'demoted')).data.issue,
    ).toEqual({ title: 'by alice', viewerCanClose: false });
    expect(codeOf(await stack.gql(READ, { r: privateRepo, n: theirs.number }, 'removed'))).toBe(
      'NOT_FOUND',
    );
    expect(await stored(privateRepo)).toEqual({
      admin: 'admin',
      alice: 'admin',
      demoted: 'read',
      reader: 'read',
      writer: 'write',
    });
    stack.fake.failing = 'UPSTREAM_UNAVAILABLE';
  });
  afterAll(() => {
    stack.fake.failing = undefined;
  });

  it('private: each user keeps exactly the level last shown; unknown users and anonymous see nothing', async () => {
    const seen: Record<string, unknown> = {};
    for (const login of ['alice', 'admin', 'writer', 'reader', 'demoted', 'removed', 'bob', null]) {
      const res = await stack.gql(READ, { r: privateRepo, n: theirs.number }, login);
      seen[login ?? 'anonymous'] = res.errors ? codeOf(res) : res.data.issue.viewerCanClose;
    }
    expect(seen).toEqual({
      alice: true,
      admin: true,
      writer: true,
      reader: false,
      demoted: false,
      removed: 'NOT_FOUND',
      bob: 'NOT_FOUND',
      anonymous: 'NOT_FOUND',
    });
    const closes: Record<string, unknown> = {};
    for (const login of ['reader', 'demoted', 'writer']) {
      const issue = await issueIn(privateRepo, 'alice');
      const res = await stack.gql(CLOSE, { i: { id: issue.id } }, login);
      closes[login] = res.errors ? codeOf(res) : res.data.closeIssue.state;
    }
    expect(closes).toEqual({ reader: 'FORBIDDEN', demoted: 'FORBIDDEN', writer: 'CLOSED' });
  });

  it('assignees come from the stored levels too', async () => {
    const issue = await issueIn(privateRepo, 'reader');
    const admin = await stack.gql(ASSIGN, { i: { id: issue.id, login: 'admin' } }, 'writer');
    expect(admin.errors).toBeUndefined();
    expect(admin.data.assignIssue.assignees).toEqual([{ login: 'admin' }]);
    for (const login of ['reader', 'demoted', 'bob']) {
      const res = await stack.gql(ASSIGN, { i: { id: issue.id, login } }, 'writer');
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
    }
  });

  it('public: everyone reads, signed-in users open issues; closing others needs a stored WRITE', async () => {
    const read = await stack.gql(READ, { r: publicRepo, n: publicIssue.number }, null);
    expect(read.data.issue).toEqual({ title: 'by alice', viewerCanClose: false });
    const opened = await issueIn(publicRepo, 'stranger');
    expect(opened.number).toBeGreaterThan(publicIssue.number);
    const refused = await stack.gql(CLOSE, { i: { id: publicIssue.id } }, 'stranger');
    expect(codeOf(refused)).toBe('FORBIDDEN');
    const closed = await stack.gql(CLOSE, { i: { id: publicIssue.id } }, 'writer');
    expect(closed.data.closeIssue.state).toBe('CLOSED');
  });

  it('a repository never seen fails with UPSTREAM_UNAVAILABLE, not a guess', async () => {
    const res = await stack.gql(
      `query($r: String!) { issues(repository: $r) { totalCount } }`,
      { r: `alice/never-seen-${Date.now().toString(36)}` },
      'alice',
    );
    expect(codeOf(res)).toBe('UPSTREAM_UNAVAILABLE');
  });
});
