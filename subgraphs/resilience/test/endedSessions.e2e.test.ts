import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { DataDirSessionVersions, signSessionToken } from '@gitforge/auth';
import { JWT_SECRET, startService, type TestService } from './helpers';

jest.setTimeout(120_000);

/*
 * The resilience subgraph as `npm start` runs it without Redis (its main.ts, built): a session
 * ended by the repository subgraph (logout / logoutEverywhere, written to the shared data dir)
 * is refused here too when the subgraph is called directly, bypassing the gateway.
 */
let svc: TestService;
/** What the repository subgraph's logout mutations write to, in another process. */
let repositorySessions: DataDirSessionVersions;
const disposers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  svc = await startService({ REDIS_URL: '' });
  repositorySessions = new DataDirSessionVersions(svc.dataDir);
});
afterAll(async () => {
  await Promise.all(disposers.map((dispose) => dispose()));
  await repositorySessions?.close();
  await svc?.close();
});

async function query(token: string): Promise<{ status: number; code?: string }> {
  const res = await fetch(svc.local.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  const body = (await res.json()) as {
    data?: unknown;
    errors?: { extensions?: { code?: string } }[];
  };
  return { status: res.status, code: body.errors?.[0]?.extensions?.code };
}

/** Resolves with 'connected' once the server acknowledges, or the close code if it refuses. */
function connect(token: string): Promise<'connected' | number> {
  return new Promise((resolve) => {
    const client = createClient({
      url: svc.local.url.replace('http', 'ws'),
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

/** Polls until `check` holds: the subgraph sees the data dir change through a file watch. */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

it('after logoutEverywhere: refuses older sessions over HTTP and graphql-ws, not newer ones', async () => {
  const login = `u${randomUUID().slice(0, 8)}`;
  const old = await signSessionToken(JWT_SECRET, login);
  expect(await query(old)).toEqual({ status: 200, code: undefined });
  expect(await connect(old)).toBe('connected');

  const version = await repositorySessions.endAll(login);
  await until(async () => (await query(old)).code === 'UNAUTHENTICATED', 'the ended session');
  expect((await query(old)).status).toBe(401);
  expect(await connect(old)).toBe(4403);

  const fresh = await signSessionToken(JWT_SECRET, login, { sessionVersion: version });
  expect(await query(fresh)).toEqual({ status: 200, code: undefined });
  expect(await connect(fresh)).toBe('connected');
  const other = await signSessionToken(JWT_SECRET, `o${login}`);
  expect(await query(other)).toEqual({ status: 200, code: undefined });
});

it('after logout: refuses that session only', async () => {
  const login = `u${randomUUID().slice(0, 8)}`;
  const endedId = randomUUID();
  const ended = await signSessionToken(JWT_SECRET, login, { sessionId: endedId });
  const live = await signSessionToken(JWT_SECRET, login, { sessionId: randomUUID() });
  expect(await connect(ended)).toBe('connected');

  await repositorySessions.revoke(endedId, Date.now() + 60_000);
  await until(async () => (await query(ended)).code === 'UNAUTHENTICATED', 'the ended session');
  expect(await connect(ended)).toBe(4403);
  expect(await query(live)).toEqual({ status: 200, code: undefined });
  expect(await connect(live)).toBe('connected');
});
