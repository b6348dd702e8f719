import { GiteaBulkhead } from '../src/gitea';
import { FakeGitea } from './fake/FakeGitea';
import { ScriptedServer, eventually, giteaClientFor } from './helpers';
import { codeOf, startRepository, type TestRepository } from './startRepository';

const USERS = ['u0', 'u1', 'u2', 'u3', 'u4', 'u5'];
/** One `userGet` per user (a nullable field each): six concurrent Gitea calls from one request. */
const BURST = `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { login fullName } } }`;
const representations = USERS.map((login) => ({ __typename: 'User', login }));

let fake: FakeGitea;
let repo: TestRepository;

beforeAll(async () => {
  fake = new FakeGitea();
  await fake.start();
  fake.addUser('alice', 'alice-pw');
  for (const login of USERS) fake.addUser(login, 'pw', { fullName: `User ${login}` });
  fake.addRepo('alice', 'r0');
  repo = await startRepository(fake.url, {
    cacheTtlMs: 0,
    giteaTimeoutMs: 5000,
    giteaBulkhead: { maxConcurrent: 2, maxQueued: 1 },
    // One counted fault would open it: the test shows the bulkhead's refusals are not counted.
    circuit: { failureThreshold: 1, halfOpenAfterMs: 60_000 },
  });
});

afterAll(async () => {
  await repo?.close();
  await fake?.stop();
});

describe('bulkhead on concurrent Gitea calls', () => {
  it('runs at most GITEA_MAX_CONCURRENCY calls, queues GITEA_MAX_QUEUED, refuses the rest with RATE_LIMITED without opening the breaker', async () => {
    let release!: () => void;
    fake.gate = new Promise<void>((resolve) => (release = resolve));
    const callsBefore = fake.calls.length;
    const pending = repo.gql(BURST, { r: representations });

    // Two calls reached Gitea and wait there; one waits in the bulkhead queue.
    await eventually(() => fake.calls.length - callsBefore === 2);
    const gauge = () => repo.metric('gitea_bulkhead_calls');
    await eventually(async () =>
      (await gauge()).includes('gitea_bulkhead_calls{state="queued",service="repository"} 1'),
    );
    expect(await gauge()).toContainEqual(
      'gitea_bulkhead_calls{state="in_flight",service="repository"} 2',
    );
    release();
    fake.gate = undefined;
    const res = await pending;

    expect(fake.calls.length - callsBefore).toBe(3);
    const entities = res.data._entities as { login: string; fullName: string | null }[];
    expect(entities.map((e) => e.login)).toEqual(USERS);
    expect(entities.filter((e) => e.fullName !== null)).toHaveLength(3);
    expect(res.errors).toHaveLength(3);
    for (const error of res.errors!) {
      expect(error.extensions).toMatchObject({
        code: 'RATE_LIMITED',
        upstream: 'gitea',
        http: { status: 429 },
      });
    }
    expect(repo.server.breaker.state()).toBe('closed');
    const durations = await repo.metric('gitea_request_duration_seconds_count');
    expect(durations.some((l) => l.includes('status="bulkhead_full"'))).toBe(true);
  });

  it('when the burst is over, every call gets a slot again', async () => {
    const res = await repo.gql(`{ r0: repository(owner: "alice", name: "r0") { fullName } }`);
    expect(codeOf(res)).toBeUndefined();
    expect(res.data.r0.fullName).toBe('alice/r0');
  });
});

describe('a call waiting in the bulkhead queue', () => {
  it('gives up when its deadline passes, and leaves the queue', async () => {
    const bulkhead = new GiteaBulkhead({ maxConcurrent: 1, maxQueued: 1 });
    let finish!: () => void;
    const holder = bulkhead.run(
      () => new Promise<void>((resolve) => (finish = resolve)),
      new AbortController().signal,
    );
    const deadline = new AbortController();
    const queued = bulkhead.run(async () => 'ran', deadline.signal);
    expect(bulkhead.queued).toBe(1);
    deadline.abort();
    await expect(queued).rejects.toMatchObject({
      name: 'BulkheadRejected',
      reason: 'queue_timeout',
    });
    expect(bulkhead.queued).toBe(0);
    // The freed queue place is usable, and the slot passes on when the holder ends.
    const next = bulkhead.run(async () => 'next', new AbortController().signal);
    finish();
    await holder;
    await expect(next).resolves.toBe('next');
    expect(bulkhead.inFlight).toBe(0);
  });

  it('a transport call refused by the bulkhead is RATE_LIMITED and not an upstream fault', async () => {
    const hung = await new ScriptedServer().start();
    hung.answer = () => undefined; // accepts, never answers
    const { client, transport, breaker } = giteaClientFor(hung.url, {
      timeoutMs: 300,
      failureThreshold: 2,
      bulkhead: { maxConcurrent: 1, maxQueued: 0 },
    });
    try {
      const [inFlight, refused] = await Promise.allSettled([
        client.repository('a', 'b'),
        client.repository('a', 'c'),
      ]);
      expect(refused).toMatchObject({
        status: 'rejected',
        reason: { code: 'RATE_LIMITED', kind: 'overloaded', isUpstreamFault: false },
      });
      expect(inFlight).toMatchObject({
        status: 'rejected',
        reason: { code: 'UPSTREAM_UNAVAILABLE', kind: 'timeout', isUpstreamFault: true },
      });
      expect(hung.requests).toHaveLength(1);
      // One counted fault of two: the refusal did not count.
      expect(breaker.state()).toBe('closed');
    } finally {
      await transport.close();
      await hung.close();
    }
  });
});
