import { signSessionToken } from '@gitforge/auth';
import { JWT_SECRET, startIssues, uniqueRepo, type TestIssues } from './startIssues';

let issues: TestIssues;
let repo: string;
let issueId: string;
beforeAll(async () => {
  issues = await startIssues();
  repo = uniqueRepo('alice');
  const res = await issues.gql(
    `mutation($i: CreateIssueInput!) { createIssue(input: $i) { id } }`,
    { i: { repository: repo, title: 'Existing' } },
    'bob',
  );
  issueId = res.data.createIssue.id;
});
afterAll(async () => {
  await issues?.close();
});

const CREATE = `mutation($i: CreateIssueInput!) { createIssue(input: $i) { id } }`;

async function issueCount(): Promise<number> {
  const res = await issues.gql(`query($r: String) { issues(repository: $r) { totalCount } }`, {
    r: repo,
  });
  return res.data.issues.totalCount;
}

describe('bad input gets a typed error and changes nothing', () => {
  it.each([
    ['empty title', { title: '   ' }, 'title'],
    ['title over 256 characters', { title: 'x'.repeat(257) }, 'title'],
    ['body over 64 KiB', { title: 't', body: 'é'.repeat(33 * 1024) }, 'body'],
    ['label with a comma', { title: 't', labels: ['a,b'] }, 'labels'],
    ['empty label', { title: 't', labels: [' '] }, 'labels'],
    ['label over 50 characters', { title: 't', labels: ['l'.repeat(51)] }, 'labels'],
    [
      'too many labels',
      { title: 't', labels: Array.from({ length: 21 }, (_, i) => `l${i}`) },
      'labels',
    ],
    ['repository without owner', { title: 't', repository: 'justname' }, 'repository'],
    ['repository path traversal', { title: 't', repository: '../etc' }, 'repository'],
  ])('%s → BAD_USER_INPUT naming the field', async (_name, override, field) => {
    const before = await issueCount();
    const res = await issues.gql(CREATE, { i: { repository: repo, ...override } }, 'bob');
    expect(res.data).toBeNull();
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await issueCount()).toBe(before);
  });

  it('accepts a title of exactly 256 characters (counted as characters, not bytes)', async () => {
    const res = await issues.gql(
      CREATE,
      { i: { repository: repo, title: 'é'.repeat(256) } },
      'bob',
    );
    expect(res.errors).toBeUndefined();
  });

  it.each([0, 101, -1])('first: %i → BAD_USER_INPUT', async (first) => {
    const res = await issues.gql(`query($f: Int) { issues(first: $f) { totalCount } }`, {
      f: first,
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it.each([
    'garbage',
    Buffer.from('["x","not-a-uuid"]').toString('base64url'),
    Buffer.from('[1,2]').toString('base64url'),
  ])('malformed cursor %s → BAD_USER_INPUT', async (after) => {
    const res = await issues.gql(`query($a: String) { issues(after: $a) { totalCount } }`, {
      a: after,
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('wrong argument types are rejected by validation before any resolver runs', async () => {
    issues.queries.length = 0;
    const res = await issues.gql(`query { issues(first: "ten") { totalCount } }`);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const vars = await issues.gql(CREATE, { i: { repository: repo, title: 42 } }, 'bob');
    expect(vars.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(issues.queries.filter((q) => /insert/i.test(q))).toHaveLength(0);
  });

  it('malformed GraphQL → GRAPHQL_PARSE_FAILED and the server keeps serving', async () => {
    const res = await issues.gql('query { issues( ');
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(await issueCount()).toBeGreaterThan(0);
  });

  it('malformed JSON body → 400', async () => {
    const res = await fetch(issues.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(res.status).toBe(400);
  });

  it('a huge body → 413 PAYLOAD_TOO_LARGE, nothing stored', async () => {
    const before = await issueCount();
    const res = await fetch(issues.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: CREATE,
        variables: { i: { repository: repo, title: 't', body: 'x'.repeat(2_000_000) } },
      }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await issueCount()).toBe(before);
  });

  it('unknown issues → NOT_FOUND', async () => {
    const byNumber = await issues.gql(
      `query($r: String!) { issue(repository: $r, number: 999) { id } }`,
      { r: repo },
    );
    expect(byNumber.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const close = await issues.gql(
      `mutation { closeIssue(input: {id: "00000000-0000-4000-8000-000000000000"}) { id } }`,
      {},
      'bob',
    );
    expect(close.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const badId = await issues.gql(
      `mutation { reopenIssue(input: {id: "1 or 1=1"}) { id } }`,
      {},
      'bob',
    );
    expect(badId.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });
});

describe('identity and permissions', () => {
  it('anonymous users read but cannot write', async () => {
    const before = await issueCount();
    const res = await issues.gql(CREATE, { i: { repository: repo, title: 'anon' } });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await issueCount()).toBe(before);
  });

  it.each([
    [
      'a token signed with another secret',
      async () => signSessionToken('another-secret-0123456789abcdef', 'bob'),
    ],
    ['an expired token', async () => signSessionToken(JWT_SECRET, 'bob', { expiresIn: -5 })],
    ['a malformed token', async () => 'abc.def'],
  ])('%s → UNAUTHENTICATED, even for reads', async (_name, token) => {
    const res = await fetch(issues.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await token()}` },
      body: JSON.stringify({ query: '{ issues { totalCount } }' }),
    });
    expect(res.status).toBe(401);
    const body = (await res.json()) as any;
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(body.data).toBeUndefined();
  });

  it('only the author or the repository owner may edit', async () => {
    const denied = await issues.gql(
      `mutation($i: UpdateIssueInput!) { updateIssue(input: $i) { title } }`,
      { i: { id: issueId, title: 'hijacked' } },
      'mallory',
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const closeDenied = await issues.gql(
      `mutation($i: CloseIssueInput!) { closeIssue(input: $i) { state } }`,
      { i: { id: issueId } },
      'mallory',
    );
    expect(closeDenied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const still = await issues.gql(
      `query($r: String!) { issue(repository: $r, number: 1) { title state } }`,
      { r: repo },
    );
    expect(still.data.issue).toEqual({ title: 'Existing', state: 'OPEN' });

    const comment = await issues.gql(
      `mutation($i: AddCommentInput!) { addComment(input: $i) { id } }`,
      { i: { issueId, body: 'mine' } },
      'carol',
    );
    const editOther = await issues.gql(
      `mutation($i: UpdateCommentInput!) { updateComment(input: $i) { body } }`,
      { i: { id: comment.data.addComment.id, body: 'not yours' } },
      'bob',
    );
    expect(editOther.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const emptyComment = await issues.gql(
      `mutation($i: AddCommentInput!) { addComment(input: $i) { id } }`,
      { i: { issueId, body: '  ' } },
      'carol',
    );
    expect(emptyComment.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'body',
    });
  });

  it('internal errors do not leak SQL or stack traces', async () => {
    const res = await issues.gql(`{ issues { nodes { id } } }`);
    expect(JSON.stringify(res)).not.toMatch(/stacktrace|select |at Object/i);
  });
});
