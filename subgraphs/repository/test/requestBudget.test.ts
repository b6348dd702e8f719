import { setTimeout as sleep } from 'node:timers/promises';
import { TIMEOUT_HEADER } from '@gitforge/errors';
import { requestContext } from '@gitforge/logging';
import { beginRequestBudget } from '../src/gitea';
import { FakeGitea } from './fake/FakeGitea';
import { giteaClientFor } from './helpers';
import { codeOf, startRepository, type TestRepository } from './startRepository';

const GET = `query($n: String!) { repository(owner: "alice", name: $n) { fullName } }`;

let fake: FakeGitea;
let repo: TestRepository;

beforeAll(async () => {
  fake = new FakeGitea();
  await fake.start();
  fake.addUser('alice', 'alice-pw');
  fake.addRepo('alice', 'tools');
  repo = await startRepository(fake.url, {
    cacheTtlMs: 0,
    giteaTimeoutMs: 5000,
    requestTimeoutMs: 8000,
    circuit: { failureThreshold: 1, halfOpenAfterMs: 60_000 },
  });
});

afterAll(async () => {
  await repo?.close();
  await fake?.stop();
});

describe('the caller’s deadline (x-gitforge-timeout-ms) bounds Gitea calls', () => {
  it('a hung Gitea is given up before the caller stops waiting, without counting as a Gitea fault', async () => {
    // Warm: the first request of a process compiles what later ones reuse.
    expect(codeOf(await repo.gql(GET, { n: 'tools' }))).toBeUndefined();
    fake.mode = 'hang';
    const started = Date.now();
    const res = await repo.gql(GET, { n: 'tools' }, { headers: { [TIMEOUT_HEADER]: '1000' } });
    const ms = Date.now() - started;
    expect(codeOf(res)).toBe('UPSTREAM_UNAVAILABLE');
    expect(res.errors![0]!.extensions).toMatchObject({
      upstream: 'gitea',
      reason: 'request budget spent',
    });
    // 1000 ms less the 250 ms margin; far below the 5 s Gitea timeout.
    expect(ms).toBeLessThan(1000);
    expect(repo.server.breaker.state()).toBe('closed');
    fake.mode = 'ok';
    const ok = await repo.gql(GET, { n: 'tools' }, { headers: { [TIMEOUT_HEADER]: '1000' } });
    expect(ok.data.repository.fullName).toBe('alice/tools');
  });

  it('a request whose time is already spent does not call Gitea at all', async () => {
    fake.mode = 'ok';
    const { client, transport, breaker } = giteaClientFor(fake.url, { failureThreshold: 1 });
    try {
      await requestContext.run({ requestId: 'spent' }, async () => {
        beginRequestBudget(8000, '100'); // the caller waits 100 ms: 1 ms after the margin
        await sleep(5); // let that 1 ms pass
        const calls = fake.calls.length;
        await expect(client.repository('alice', 'tools')).rejects.toMatchObject({
          code: 'UPSTREAM_UNAVAILABLE',
          isUpstreamFault: false,
          extensions: { upstream: 'gitea', reason: 'request budget spent' },
        });
        expect(fake.calls.length).toBe(calls);
      });
      expect(breaker.state()).toBe('closed');
    } finally {
      await transport.close();
    }
  });
});
