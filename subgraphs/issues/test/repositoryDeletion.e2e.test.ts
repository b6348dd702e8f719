import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { createLogger } from '@gitforge/logging';
import { InMemoryPubSub, type PubSub } from '@gitforge/pubsub';
import { createGithost, type Githost } from '../../../githost/src/createGithost';
import { signGiteaPayload } from '../../repository/src/webhooks/giteaWebhook';
import {
  startRepository,
  JWT_SECRET,
  WEBHOOK_SECRET,
  type TestRepository,
} from '../../repository/test/startRepository';
import { createIssuesServer, type IssuesServer } from '../src/createIssuesServer';
import { createGiteaUser } from './support/serviceProcesses';

/*
 * Issue 13 item 3: a repository deleted and re-created as private showed its new issues to
 * outsiders for about a second (a 2 s per-viewer cache), their subscriptions received the
 * CREATED event, and the new repository inherited the deleted one's issues. Here the real
 * repository subgraph (over the embedded git host) and two issues replicas share the bus
 * (Redis when REDIS_URL is set): the change counts at once in both replicas, and deleting a
 * repository deletes its issues, comments, labels and number counter.
 */

const ADMIN_TOKEN = 'admin-token-for-issues-deletion-e2e-0123';
const shared: PubSub | undefined = process.env.REDIS_URL ? undefined : new InMemoryPubSub();
let dataDir: string;
let githost: Githost;
let repository: TestRepository;
let replicaA: IssuesServer;
let replicaB: IssuesServer;
const tokens: Record<string, string> = {};
const clients: Client[] = [];
const unique = Date.now().toString(36);

const createUser = (login: string) => createGiteaUser(githost.url, login, ADMIN_TOKEN);

function startIssuesReplica(): Promise<IssuesServer> {
  return createIssuesServer({
    port: 0,
    databaseUrl: process.env.DATABASE_URL!,
    poolMax: process.env.GITFORGE_TEST_EMBEDDED_DB === '1' ? 1 : 5,
    jwtSecret: JWT_SECRET,
    logger: createLogger('issues-test', 'silent'),
    repositorySubgraphUrl: repository.url,
    redisUrl: process.env.REDIS_URL,
    pubsub: shared,
  });
}

async function gql(
  server: IssuesServer,
  query: string,
  variables: Record<string, unknown> = {},
  login?: string,
) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (login) headers.authorization = `Bearer ${tokens[login]}`;
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
}

async function repositoryMutation(query: string, name: string, isPrivate?: boolean) {
  const res = await repository.gql(
    query,
    isPrivate === undefined ? { i: { owner: 'alice', name } } : { i: { name, private: isPrivate } },
    { token: tokens.alice },
  );
  expect(res.errors).toBeUndefined();
}
const CREATE_REPO = `mutation($i: CreateRepositoryInput!) { createRepository(input: $i) { fullName } }`;
const DELETE_REPO = `mutation($i: DeleteRepositoryInput!) { deleteRepository(input: $i) { fullName } }`;
const CREATE = `mutation($i: CreateIssueInput!) { createIssue(input: $i) { id number } }`;
const READ = `query($r: String!, $n: Int!) { issue(repository: $r, number: $n) { title } }`;
const EVENTS = `subscription($r: String!) { issueEvents(repository: $r) { action issue { title } } }`;

/** Waits for `check` to hold, polling; the deadline only bounds a failing test. */
async function until(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

async function withheld(server: IssuesServer): Promise<number> {
  const text = await server.metrics.registry.getSingleMetricAsString(
    'issues_events_withheld_total',
  );
  return text
    .split('\n')
    .filter((line) => line.startsWith('issues_events_withheld_total{'))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

function subscribe(server: IssuesServer, repo: string, login?: string) {
  const received: any[] = [];
  const client = createClient({
    url: `${server.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: () => (login ? { authorization: `Bearer ${tokens[login]}` } : {}),
  });
  clients.push(client);
  client.subscribe(
    { query: EVENTS, variables: { r: repo } },
    {
      next: (value) => received.push(value),
      error: (error) => received.push({ error }),
      complete: () => undefined,
    },
  );
  return { received };
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'issues-deletion-'));
  githost = await createGithost({
    dataDir,
    port: 0,
    adminToken: ADMIN_TOKEN,
    seedDemo: false,
    logger: createLogger('githost', 'silent'),
  });
  await createUser('alice');
  await createUser('bob');
  repository = await startRepository(githost.url, {
    redisUrl: process.env.REDIS_URL,
    pubsub: shared,
  });
  tokens.alice = await repository.login('alice', 'alice-password');
  tokens.bob = await repository.login('bob', 'bob-password');
  replicaA = await startIssuesReplica();
  replicaB = await startIssuesReplica();
}, 60_000);

afterAll(async () => {
  await Promise.all(
    clients.map(async (c) => {
      await c.dispose();
    }),
  );
  await replicaA?.close();
  await replicaB?.close();
  await repository?.close();
  await githost?.close();
  await shared?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('a repository deleted and re-created as private', () => {
  const name = `recreated-${unique}`;
  const repo = `alice/${name}`;

  it('shows nothing of the old one to anyone and nothing of the new one to outsiders', async () => {
    await repositoryMutation(CREATE_REPO, name, false);
    const old = await gql(
      replicaA,
      CREATE,
      { i: { repository: repo, title: 'Old public issue', labels: ['bug'] } },
      'alice',
    );
    expect(old.errors).toBeUndefined();
    const comment = await gql(
      replicaA,
      `mutation($i: AddCommentInput!) { addComment(input: $i) { id } }`,
      { i: { issueId: old.data.createIssue.id, body: 'old comment' } },
      'bob',
    );
    expect(comment.errors).toBeUndefined();
    // While public, bob and anonymous callers read it through both replicas.
    for (const replica of [replicaA, replicaB]) {
      expect((await gql(replica, READ, { r: repo, n: 1 }, 'bob')).data?.issue).toBeTruthy();
      expect((await gql(replica, READ, { r: repo, n: 1 })).data?.issue).toBeTruthy();
    }
    // Outsiders (signed in and anonymous) and the owner follow its events on replica B.
    const bob = subscribe(replicaB, repo, 'bob');
    const anonymous = subscribe(replicaB, repo);
    const owner = subscribe(replicaB, repo, 'alice');
    await until(
      () => replicaB.pubsub.listenerCount(`issues.events.${repo}`) >= 3,
      'three subscriptions on replica B',
    );

    await repositoryMutation(DELETE_REPO, name);
    await repositoryMutation(CREATE_REPO, name, true);

    // At once, in both replicas: outsiders see no issue of either repository.
    for (const replica of [replicaA, replicaB]) {
      expect(
        (await gql(replica, READ, { r: repo, n: 1 }, 'bob')).errors?.[0]?.extensions?.code,
      ).toBe('NOT_FOUND');
      expect((await gql(replica, READ, { r: repo, n: 1 })).errors?.[0]?.extensions?.code).toBe(
        'NOT_FOUND',
      );
    }
    // The deleted repository's issues, comments, labels and counter go with it.
    await until(
      async () =>
        (await gql(replicaA, READ, { r: repo, n: 1 }, 'alice')).errors?.[0]?.extensions?.code ===
        'NOT_FOUND',
      'the old issues to be deleted',
    );
    const [left] = await replicaA.orm.em
      .fork()
      .execute<{ issues: string; comments: string; labels: string; counters: string }[]>(
        `select (select count(*) from issues where repository = ?) as issues,
                (select count(*) from comments where issue_id = ?) as comments,
                (select count(*) from labels where repository = ?) as labels,
                (select count(*) from repository_counters where repository = ?) as counters`,
        [repo, old.data.createIssue.id, repo, repo],
      );
    expect(left).toEqual({ issues: '0', comments: '0', labels: '0', counters: '0' });

    // The new repository starts empty: its first issue is #1, for its owner only.
    const before = await withheld(replicaB);
    const fresh = await gql(
      replicaA,
      CREATE,
      { i: { repository: repo, title: 'New secret' } },
      'alice',
    );
    expect(fresh.errors).toBeUndefined();
    expect(fresh.data.createIssue.number).toBe(1);
    expect((await gql(replicaB, READ, { r: repo, n: 1 }, 'alice')).data?.issue).toEqual({
      title: 'New secret',
    });
    for (const login of ['bob', undefined]) {
      const res = await gql(replicaB, READ, { r: repo, n: 1 }, login);
      expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    // Its CREATED event reaches the owner; the outsiders' subscriptions withhold it.
    await until(() => owner.received.length > 0, 'the owner to get the CREATED event');
    expect(owner.received[0].data.issueEvents).toEqual({
      action: 'CREATED',
      issue: { title: 'New secret' },
    });
    await until(async () => (await withheld(replicaB)) >= before + 2, 'two withheld events');
    expect(bob.received).toEqual([]);
    expect(anonymous.received).toEqual([]);
    // A new subscription by an outsider is refused.
    const late = subscribe(replicaB, repo, 'bob');
    await until(() => late.received.length > 0, 'the refusal');
    const refusal = late.received[0];
    expect(refusal.errors?.[0]?.extensions?.code ?? refusal.error?.[0]?.extensions?.code).toBe(
      'NOT_FOUND',
    );
  });
});

describe('a deletion reported by the Gitea webhook', () => {
  it("deletes the repository's issues in the issues subgraph", async () => {
    const name = `webhook-${unique}`;
    const repo = `alice/${name}`;
    await repositoryMutation(CREATE_REPO, name, false);
    const issue = await gql(
      replicaB,
      CREATE,
      { i: { repository: repo, title: 'Doomed' } },
      'alice',
    );
    expect(issue.errors).toBeUndefined();
    // What Gitea posts when a repository is deleted in its own UI (githost does not send it).
    const body = JSON.stringify({
      action: 'deleted',
      repository: { full_name: repo, private: false, owner: { login: 'alice' } },
    });
    const unsigned = await fetch(`${repository.server.url}/webhooks/gitea`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-gitea-event': 'repository' },
      body,
    });
    expect(unsigned.status).toBe(401);
    const res = await fetch(`${repository.server.url}/webhooks/gitea`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-gitea-event': 'repository',
        'x-gitea-signature': signGiteaPayload(WEBHOOK_SECRET, body),
      },
      body,
    });
    expect(res.status).toBe(200);
    await until(async () => {
      const [row] = await replicaA.orm.em
        .fork()
        .execute<{ n: string }[]>('select count(*) as n from issues where repository = ?', [repo]);
      return row?.n === '0';
    }, 'the issues of the deleted repository to be deleted');
  });
});

it('a forged or malformed change message changes nothing', async () => {
  const repo = `alice/kept-${unique}`;
  await repositoryMutation(CREATE_REPO, repo.split('/')[1]!, false);
  const issue = await gql(replicaA, CREATE, { i: { repository: repo, title: 'Kept' } }, 'alice');
  expect(issue.errors).toBeUndefined();
  const bus = shared ?? replicaA.pubsub;
  await bus.publish('repositories.changes', { action: 'deleted', repository: repo });
  await bus.publish('repositories.changes', {
    action: 'deleted',
    repository: "x'; drop",
    at: 'now',
  });
  // A valid message published after them is applied; the invalid ones before it were ignored.
  const probe = `alice/probe-${unique}`;
  await bus.publish('repositories.changes', {
    action: 'updated',
    repository: probe,
    owner: 'alice',
    private: true,
    at: new Date().toISOString(),
  });
  await until(async () => {
    const [row] = await replicaA.orm.em
      .fork()
      .execute<{ n: string }[]>('select count(*) as n from repository_facts where repository = ?', [
        probe,
      ]);
    return row?.n === '1';
  }, 'the valid message to be applied');
  expect((await gql(replicaA, READ, { r: repo, n: 1 }, 'alice')).data?.issue).toEqual({
    title: 'Kept',
  });
});
