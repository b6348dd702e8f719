import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { viewerFromAuthorization, type Viewer } from '@gitforge/auth';
import { TIMEOUT_HEADER } from '@gitforge/errors';
import { PermissionFactsStore } from '../src/permissions/PermissionFactsStore';
import { RepositoryFactsStore } from '../src/permissions/RepositoryFactsStore';
import { RepositorySubgraphAccess } from '../src/permissions/RepositorySubgraphAccess';
import type { RepositoryAccess } from '../src/services/repositoryAccess';
import { JWT_SECRET, startIssues, uniqueRepo, type TestIssues } from './startIssues';

/*
 * Issue 13 item 2: the permission check to the repository subgraph. Its deadline goes with the
 * call (x-gitforge-timeout-ms), so the subgraph fits its Gitea calls inside it; and when the
 * subgraph answers that it could not ask Gitea (RATE_LIMITED: its Gitea bulkhead is full;
 * UPSTREAM_UNAVAILABLE), the stored facts answer for the signed-in viewer. Before, RATE_LIMITED
 * made the facts answer as for an anonymous caller: the owner lost their private repository.
 */

type Mode = 'ok' | 'RATE_LIMITED' | 'UPSTREAM_UNAVAILABLE' | 'UNAUTHENTICATED';
let mode: Mode = 'ok';
const seen: IncomingHttpHeaders[] = [];
let fake: Server;
let issues: TestIssues;
let access: RepositorySubgraphAccess;
const repo = uniqueRepo('alice');

/** A repository subgraph with one private repository of alice's (id 7), or failing as `mode`. */
function answer(viewer: Viewer | null) {
  if (mode !== 'ok') {
    return { data: { repository: null }, errors: [{ message: mode, extensions: { code: mode } }] };
  }
  if (viewer?.login !== 'alice') {
    return { data: { repository: null }, errors: [{ extensions: { code: 'NOT_FOUND' } }] };
  }
  return {
    data: {
      repository: {
        giteaId: 7,
        private: true,
        owner: { login: 'alice' },
        viewerPermission: 'ADMIN',
      },
    },
  };
}

beforeAll(async () => {
  fake = createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    req.on('end', () => {
      void viewerFromAuthorization(JWT_SECRET, req.headers.authorization).then((viewer) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(answer(viewer)));
      });
    });
  });
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
  // The services ask `access`, made once the server (and its database) is up.
  const late: RepositoryAccess = {
    canRead: (viewer, repository) => access.canRead(viewer, repository),
    level: (viewer, repository) => access.level(viewer, repository),
  };
  issues = await startIssues({ access: late });
  access = new RepositorySubgraphAccess({
    url: `http://127.0.0.1:${(fake.address() as AddressInfo).port}/graphql`,
    jwtSecret: JWT_SECRET,
    facts: new RepositoryFactsStore(issues.server.orm.em),
    levels: new PermissionFactsStore(issues.server.orm.em),
    timeoutMs: 1500,
    // Every check asks the subgraph: each mode below is seen by the check it is meant for.
    retryAfterMs: 0,
  });
});

afterAll(async () => {
  await issues?.close();
  await new Promise((resolve) => fake?.close(resolve));
});

const CREATE = `mutation($i: CreateIssueInput!) { createIssue(input: $i) { number } }`;
const READ = `query($r: String!, $n: Int!) { issue(repository: $r, number: $n) { title viewerCanUpdate } }`;

it('sends its deadline to the repository subgraph as x-gitforge-timeout-ms', async () => {
  mode = 'ok';
  const res = await issues.gql(CREATE, { i: { repository: repo, title: 'First' } }, 'alice');
  expect(res.errors).toBeUndefined();
  expect(res.data.createIssue.number).toBe(1);
  expect(seen.length).toBeGreaterThan(0);
  for (const headers of seen) expect(headers[TIMEOUT_HEADER]).toBe('1500');
});

it.each(['RATE_LIMITED', 'UPSTREAM_UNAVAILABLE'] as const)(
  'answered %s, the stored facts answer: the owner reads and files, others get NOT_FOUND',
  async (code) => {
    mode = code;
    const asked = seen.length;
    const read = await issues.gql(READ, { r: repo, n: 1 }, 'alice');
    expect(read.errors).toBeUndefined();
    expect(read.data.issue).toEqual({ title: 'First', viewerCanUpdate: true });
    const create = await issues.gql(
      CREATE,
      { i: { repository: repo, title: `While ${code}` } },
      'alice',
    );
    expect(create.errors).toBeUndefined();
    for (const login of ['bob', null]) {
      const res = await issues.gql(READ, { r: repo, n: 1 }, login);
      expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    // The subgraph was asked each time (this is its answer, not a local back-off).
    expect(seen.length).toBeGreaterThan(asked + 2);
  },
);

it('any other refusal answers as for an anonymous caller (never more than the session is shown to be worth)', async () => {
  mode = 'UNAUTHENTICATED';
  const read = await issues.gql(READ, { r: repo, n: 1 }, 'alice');
  expect(read.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
});
