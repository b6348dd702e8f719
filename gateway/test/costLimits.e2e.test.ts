import { randomUUID } from 'node:crypto';
import { signSessionToken } from '@gitforge/auth';
import { TrustedProxies } from '@gitforge/server';
import { createGateway, type RunningGateway } from '../src/createGateway';
import { gitBrowsingModule } from './support/gitBrowsingModule';
import { TestSubgraph } from './support/testSubgraph';
import { captureLogger, graphql, JWT_SECRET } from './support/helpers';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** `aliases` copies of what took Gitea down (issue 13, item 6): a file and a listing each. */
function browse(aliases: number): string {
  const fields = Array.from(
    { length: aliases },
    (_, i) =>
      `r${i}: repository(owner: "demo", name: "big") { blob(path: "README.md") { text } tree { name } }`,
  );
  return `{ ${fields.join(' ')} }`;
}
/** repository 5 + blob 50 + text 1 + tree 25 + name 1 */
const ONE_BROWSE = 82;

describe('operation cost and per-client budget at the gateway', () => {
  const calls = { blob: 0, tree: 0 };
  const repository = new TestSubgraph(gitBrowsingModule(calls), JWT_SECRET);
  const { logger } = captureLogger();
  const gateways: RunningGateway[] = [];
  const start = async (
    costBudget: Parameters<typeof createGateway>[0]['costBudget'],
    trustedProxies?: TrustedProxies,
  ) => {
    const gw = await createGateway({
      trustedProxies,
      subgraphs: [{ name: 'repository', url: repository.url }],
      jwtSecret: JWT_SECRET,
      logger,
      pollIntervalMs: 60_000,
      costBudget,
    });
    gateways.push(gw);
    return gw;
  };
  const bearer = async (login: string) => ({
    authorization: `Bearer ${await signSessionToken(JWT_SECRET, login)}`,
  });

  beforeAll(async () => {
    await repository.start();
  });

  afterAll(async () => {
    for (const gw of gateways) await gw.close();
    await repository.dispose();
  });

  it('refuses 200 aliases of blob + tree with QUERY_TOO_COMPLEX before any subgraph call', async () => {
    const gw = await start({ points: 100_000 });
    const before = repository.received.length;
    for (let i = 0; i < 3; i += 1) {
      const res = await graphql(gw.url, browse(200));
      expect(res.body.data).toBeUndefined();
      expect(res.body.errors[0].extensions).toEqual({
        code: 'QUERY_TOO_COMPLEX',
        cost: 200 * ONE_BROWSE,
        limit: 5000,
      });
    }
    expect(repository.received.length).toBe(before);
    expect(calls).toEqual({ blob: 0, tree: 0 });

    const small = await graphql(gw.url, browse(2));
    expect(small.body.errors).toBeUndefined();
    expect(calls).toEqual({ blob: 2, tree: 2 });
  });

  it('answers RATE_LIMITED with a retry-after once a client has spent its budget', async () => {
    const gw = await start({ points: 3 * ONE_BROWSE, windowMs: 60_000 });
    const alice = await bearer(`alice-${randomUUID().slice(0, 8)}`);
    for (let i = 0; i < 3; i += 1) {
      expect((await graphql(gw.url, browse(1), undefined, alice)).body.errors).toBeUndefined();
    }
    const before = repository.received.length;
    const refused = await graphql(gw.url, browse(1), undefined, alice);
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0].extensions).toMatchObject({
      code: 'RATE_LIMITED',
      cost: ONE_BROWSE,
    });
    const retryAfter = refused.body.errors[0].extensions.retryAfterSeconds as number;
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get('retry-after')).toBe(String(retryAfter));
    expect(repository.received.length).toBe(before);

    // Another user, and anonymous callers (charged to their address), have their own budgets.
    const bob = await bearer(`bob-${randomUUID().slice(0, 8)}`);
    expect((await graphql(gw.url, browse(1), undefined, bob)).body.errors).toBeUndefined();
    expect((await graphql(gw.url, browse(1))).body.errors).toBeUndefined();
    // A cheap query that fits what is left still passes; __typename alone costs nothing.
    expect((await graphql(gw.url, '{ __typename }', undefined, alice)).body.errors).toBeUndefined();
  });

  it('charges anonymous callers by the address a trusted proxy names, and only then', async () => {
    const viaProxy = await start({ points: ONE_BROWSE }, new TrustedProxies(['127.0.0.1']));
    const from = (address: string) => ({ 'x-forwarded-for': address });
    expect((await graphql(viaProxy.url, browse(1), undefined, from('198.51.100.1'))).status).toBe(
      200,
    );
    const spent = await graphql(viaProxy.url, browse(1), undefined, from('198.51.100.1'));
    expect(spent.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    const other = await graphql(viaProxy.url, browse(1), undefined, from('198.51.100.2'));
    expect(other.body.errors).toBeUndefined();

    // Not a trusted proxy: the header is the caller's own words, the socket address counts.
    const direct = await start({ points: ONE_BROWSE });
    expect((await graphql(direct.url, browse(1), undefined, from('198.51.100.3'))).status).toBe(
      200,
    );
    const forged = await graphql(direct.url, browse(1), undefined, from('198.51.100.4'));
    expect(forged.body.errors[0].extensions.code).toBe('RATE_LIMITED');
  });

  it('shares the budget across gateway replicas through Redis', async () => {
    const costBudget = { points: 2 * ONE_BROWSE, windowMs: 60_000, redisUrl: REDIS_URL };
    const first = await start(costBudget);
    const second = await start(costBudget);
    const carol = await bearer(`carol-${randomUUID().slice(0, 8)}`);
    expect((await graphql(first.url, browse(1), undefined, carol)).body.errors).toBeUndefined();
    expect((await graphql(second.url, browse(1), undefined, carol)).body.errors).toBeUndefined();
    for (const gw of [first, second]) {
      const refused = await graphql(gw.url, browse(1), undefined, carol);
      expect(refused.status).toBe(429);
      expect(refused.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    }
  });
});
