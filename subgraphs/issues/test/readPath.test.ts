import type { OwnerRuleAccess } from '../src/services/repositoryAccess';
import { createIssueAs, startIssues, uniqueRepo, type TestIssues } from './startIssues';

/*
 * Issue 14 part 3: the read path in plain SQL (no ORM entities): lists with their labels and
 * counts, cursors, and the single-issue reads, checked against what they must answer and the
 * statements they send, as owner, outsider and anonymous.
 */

const privateRepos = new Set<string>();
const ownerOf = (repository: string) => repository.split('/')[0];
const access: OwnerRuleAccess = {
  async canRead(viewer, repository) {
    return !privateRepos.has(repository) || viewer?.login === ownerOf(repository);
  },
  async isOwner(viewer, repository) {
    return viewer?.login === ownerOf(repository);
  },
};

let issues: TestIssues;
let big: string;
let secret: string;
let secretIssue: { id: string; number: number };

beforeAll(async () => {
  issues = await startIssues({ access });
  big = uniqueRepo('alice');
  for (let n = 1; n <= 25; n++) {
    await createIssueAs(issues, big, `Big ${n}`, n % 2 ? ['bug', 'ui'] : ['docs']);
  }
  secret = uniqueRepo('alice');
  privateRepos.add(secret);
  secretIssue = await createIssueAs(issues, secret, 'Secret', ['bug']);
});

afterAll(async () => {
  await issues?.close();
});

const selects = () => issues.queries.filter((sql) => /^\s*select/i.test(sql));

describe('issue lists', () => {
  const LIST = `query($r: String!, $first: Int, $after: String) {
    issues(repository: $r, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { number labels { name color } }
    }
  }`;

  it('pages of a repository: numbers, labels, counts and cursors', async () => {
    issues.queries.length = 0;
    const first = await issues.gql(LIST, { r: big, first: 20 });
    expect(first.errors).toBeUndefined();
    const page = first.data.issues;
    expect(page.nodes.map((n: { number: number }) => n.number)).toEqual(
      Array.from({ length: 20 }, (_, i) => 25 - i),
    );
    expect(page.nodes[0].labels.map((l: { name: string }) => l.name)).toEqual(['bug', 'ui']);
    expect(page.nodes[1].labels.map((l: { name: string }) => l.name)).toEqual(['docs']);
    expect(page.nodes[0].labels[0].color).toMatch(/^[0-9a-f]{6}$/);
    expect(page.totalCount).toBe(25);
    expect(page.pageInfo.hasNextPage).toBe(true);
    // The page with its labels (one statement for all 20), and the count.
    expect(selects()).toHaveLength(2);
    expect(issues.queries.filter((sql) => /issue_labels/.test(sql))).toHaveLength(1);

    const second = await issues.gql(LIST, { r: big, first: 20, after: page.pageInfo.endCursor });
    expect(second.data.issues.nodes.map((n: { number: number }) => n.number)).toEqual([
      5, 4, 3, 2, 1,
    ]);
    expect(second.data.issues.totalCount).toBe(25);
    expect(second.data.issues.pageInfo.hasNextPage).toBe(false);
  });

  it('a read makes no ORM unit of work (services are made only when a resolver uses them)', async () => {
    const fork = jest.spyOn(issues.server.orm.em, 'fork');
    try {
      const res = await issues.gql(LIST, { r: big, first: 5 }, 'bob');
      expect(res.data.issues.nodes).toHaveLength(5);
      expect(fork).not.toHaveBeenCalled();
    } finally {
      fork.mockRestore();
    }
  });

  it('a first page holding every match counts itself; no labels asked, none loaded', async () => {
    issues.queries.length = 0;
    const res = await issues.gql(
      `query($r: String!) { issues(repository: $r, first: 30) { totalCount nodes { title } } }`,
      { r: big },
    );
    expect(res.data.issues.totalCount).toBe(25);
    expect(res.data.issues.nodes).toHaveLength(25);
    expect(selects()).toHaveLength(1);
  });

  it('labels asked through edges and fragments come with the page too', async () => {
    issues.queries.length = 0;
    const res = await issues.gql(
      `query($r: String!) {
        issues(repository: $r, first: 3) { edges { cursor node { ...L } } }
      }
      fragment L on Issue { number ... on Issue { labels { name } } }`,
      { r: big },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.issues.edges.map((e: any) => [e.node.number, e.node.labels.length])).toEqual([
      [25, 2],
      [24, 1],
      [23, 2],
    ]);
    expect(res.data.issues.edges[0].cursor).toEqual(expect.any(String));
    expect(issues.queries.filter((sql) => /issue_labels/.test(sql))).toHaveLength(1);
  });

  it('a private repository: its owner lists it; outsiders and anonymous get NOT_FOUND', async () => {
    const owner = await issues.gql(LIST, { r: secret }, 'alice');
    expect(owner.data.issues.nodes).toEqual([{ number: 1, labels: [expect.anything()] }]);
    for (const login of ['bob', null]) {
      const res = await issues.gql(LIST, { r: secret }, login);
      expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
  });
});

describe('single issues', () => {
  const BY_NUMBER = `query($r: String!, $n: Int!) { issue(repository: $r, number: $n) { id title viewerCanUpdate createdAt } }`;
  const BY_ID = `query($id: ID!) { issueById(id: $id) { number title } }`;
  const ENTITIES = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Issue { number title labels { name } } } }`;

  it('by number, by id and by key: the owner reads a private issue', async () => {
    const res = await issues.gql(BY_NUMBER, { r: secret, n: 1 }, 'alice');
    expect(res.data.issue).toEqual({
      id: secretIssue.id,
      title: 'Secret',
      viewerCanUpdate: true,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect((await issues.gql(BY_ID, { id: secretIssue.id }, 'alice')).data.issueById).toEqual({
      number: 1,
      title: 'Secret',
    });
    const entities = await issues.gql(
      ENTITIES,
      { reps: [{ __typename: 'Issue', id: secretIssue.id }] },
      'alice',
    );
    expect(entities.data._entities).toEqual([
      { number: 1, title: 'Secret', labels: [{ name: 'bug' }] },
    ]);
  });

  it('outsiders and anonymous get NOT_FOUND for it, as for an issue that does not exist', async () => {
    for (const login of ['bob', null]) {
      const byNumber = await issues.gql(BY_NUMBER, { r: secret, n: 1 }, login);
      expect(byNumber.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const byId = await issues.gql(BY_ID, { id: secretIssue.id }, login);
      expect(byId.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const entities = await issues.gql(
        ENTITIES,
        { reps: [{ __typename: 'Issue', id: secretIssue.id }] },
        login,
      );
      expect(entities.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    const missing = await issues.gql(BY_NUMBER, { r: big, n: 999 }, 'alice');
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('a public issue: the author or owner may update it, others and anonymous not', async () => {
    expect(
      (await issues.gql(BY_NUMBER, { r: big, n: 1 }, 'alice')).data.issue.viewerCanUpdate,
    ).toBe(true);
    for (const login of ['bob', null]) {
      const res = await issues.gql(BY_NUMBER, { r: big, n: 1 }, login);
      expect(res.data.issue.viewerCanUpdate).toBe(false);
    }
  });

  it('a malformed id is BAD_USER_INPUT, never an SQL error', async () => {
    const byId = await issues.gql(BY_ID, { id: 'not-a-uuid' });
    expect(byId.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const entities = await issues.gql(ENTITIES, {
      reps: [{ __typename: 'Issue', id: "x' or 1=1" }],
    });
    expect(entities.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
