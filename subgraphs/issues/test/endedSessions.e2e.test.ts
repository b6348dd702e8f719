import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import {
  DataDirSessionVersions,
  RedisSessionVersions,
  signSessionToken,
  type SessionVersions,
} from '@gitforge/auth';
import {
  cleanUpProcesses,
  freePort,
  JWT_SECRET,
  startService,
  tempDir,
  type ServiceProcess,
} from './support/serviceProcesses';

jest.setTimeout(120_000);

/*
 * The issues subgraph as a real process (its main.ts, built), called directly as a local user
 * could, bypassing the gateway: a session ended by the repository subgraph (logout /
 * logoutEverywhere, in another process) is refused over HTTP and graphql-ws; others still work.
 * Both stores main.ts can pick: the data dir `npm start` shares without Redis, and Redis.
 */
const disposers: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(disposers.map((dispose) => dispose()));
  cleanUpProcesses();
});

async function query(issues: ServiceProcess, token: string) {
  const res = await fetch(`${issues.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
  return { status: res.status, code: body.errors?.[0]?.extensions?.code };
}

/** Resolves with 'connected' once the server acknowledges, or the close code if it refuses. */
function connect(issues: ServiceProcess, token: string): Promise<'connected' | number> {
  return new Promise((resolve) => {
    const client = createClient({
      url: `${issues.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      onNonLazyError: () => undefined,
      connectionParams: { authorization: `Bearer ${token}` },
      on: {
        connected: () => resolve('connected'),
        closed: (event) => resolve((event as { code: number }).code),
      },
    });
    disposers.push(async () => client.dispose());
  });
}

/** Polls until `check` holds: the change reaches the subgraph by a file watch or Redis. */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

const stores: [string, () => { env: Record<string, string>; repository: SessionVersions }][] = [
  [
    'the data dir (npm start without Redis)',
    () => {
      const dataDir = tempDir('issues-ended-sessions-');
      return {
        env: { GITFORGE_DATA_DIR: dataDir },
        repository: new DataDirSessionVersions(dataDir),
      };
    },
  ],
  [
    'Redis',
    () => {
      const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
      return {
        env: { GITFORGE_DATA_DIR: tempDir('issues-ended-sessions-'), REDIS_URL: url },
        // The prefix main.ts uses (the default): logins here are unique to this run.
        repository: new RedisSessionVersions({ url }),
      };
    },
  ],
];

describe.each(stores)('ended sessions through %s', (_name, makeStore) => {
  let issues: ServiceProcess;
  /** What the repository subgraph's logout mutations write to, in another process. */
  let repository: SessionVersions;

  beforeAll(async () => {
    const store = makeStore();
    repository = store.repository;
    disposers.push(() => repository.close());
    if (repository instanceof RedisSessionVersions) await repository.whenLive();
    const port = await freePort();
    issues = await startService('issues', 'subgraphs/issues', port, {
      ISSUES_PORT: String(port),
      DATABASE_URL: process.env.DATABASE_URL!,
      DATABASE_POOL_MAX: process.env.GITFORGE_TEST_EMBEDDED_DB === '1' ? '1' : '2',
      GITFORGE_JWT_SECRET: JWT_SECRET,
      // Never called: no query here checks a repository's permissions.
      REPOSITORY_SUBGRAPH_URL: 'http://127.0.0.1:9/graphql',
      ...store.env,
    });
  });

  it('after logoutEverywhere: older sessions refused over HTTP and graphql-ws, not newer ones', async () => {
    const login = `u${randomUUID().slice(0, 8)}`;
    const old = await signSessionToken(JWT_SECRET, login);
    expect(await query(issues, old)).toEqual({ status: 200, code: undefined });
    expect(await connect(issues, old)).toBe('connected');

    const version = await repository.endAll(login);
    await until(async () => (await query(issues, old)).code === 'UNAUTHENTICATED', 'refusal');
    expect((await query(issues, old)).status).toBe(401);
    expect(await connect(issues, old)).toBe(4403);

    const fresh = await signSessionToken(JWT_SECRET, login, { sessionVersion: version });
    expect(await query(issues, fresh)).toEqual({ status: 200, code: undefined });
    expect(await connect(issues, fresh)).toBe('connected');
    const other = await signSessionToken(JWT_SECRET, `o${login}`);
    expect(await query(issues, other)).toEqual({ status: 200, code: undefined });
  });

  it('after logout: that session only', async () => {
    const login = `u${randomUUID().slice(0, 8)}`;
    const endedId = randomUUID();
    const ended = await signSessionToken(JWT_SECRET, login, { sessionId: endedId });
    const live = await signSessionToken(JWT_SECRET, login, { sessionId: randomUUID() });
    expect(await connect(issues, ended)).toBe('connected');

    await repository.revoke(endedId, Date.now() + 60_000);
    await until(async () => (await query(issues, ended)).code === 'UNAUTHENTICATED', 'refusal');
    expect(await connect(issues, ended)).toBe(4403);
    expect(await query(issues, live)).toEqual({ status: 200, code: undefined });
    expect(await connect(issues, live)).toBe('connected');
  });
});
