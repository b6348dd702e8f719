import { signSessionToken } from '@gitforge/auth';
import { createGateway, type RunningGateway } from '../../src/createGateway';
import { issuesModule } from '../support/issuesModule';
import { reposModule } from '../support/reposModule';
import { TestSubgraph } from '../support/testSubgraph';
import { captureLogger, graphql, JWT_SECRET } from '../support/helpers';

/** Long enough that five requests sent together overlap at the subgraph. */
const SLOW = '{ slow(ms: 400) }';

describe('in-flight deduplication of identical subgraph calls', () => {
  const issues = new TestSubgraph(issuesModule(), JWT_SECRET);
  const repos = new TestSubgraph(reposModule(), JWT_SECRET);
  const { logger } = captureLogger();
  let gw: RunningGateway;
  let off: RunningGateway;

  beforeAll(async () => {
    await issues.start();
    await repos.start();
    const common = {
      subgraphs: [
        { name: 'issues', url: issues.url },
        { name: 'repos', url: repos.url },
      ],
      jwtSecret: JWT_SECRET,
      logger,
      pollIntervalMs: 60_000,
    };
    gw = await createGateway(common);
    off = await createGateway({ ...common, execution: { dedupeAnonymousFetches: false } });
  });

  afterAll(async () => {
    await gw?.close();
    await off?.close();
    await issues.dispose();
    await repos.dispose();
  });

  const slowCalls = () => repos.received.filter((r) => r.query.includes('slow')).length;
  const together = (target: RunningGateway, headers: (i: number) => Record<string, string>) =>
    Promise.all(
      Array.from({ length: 5 }, (_, i) => graphql(target.url, SLOW, undefined, headers(i))),
    );

  it('anonymous queries from one client share one call, and each gets the whole answer', async () => {
    const before = slowCalls();
    const sharedBefore = gw.executionStats().sharedSubgraphCalls;
    const answers = await together(gw, () => ({}));
    for (const answer of answers) expect(answer.body).toEqual({ data: { slow: 'finally' } });
    const calls = slowCalls() - before;
    expect(calls).toBeLessThan(5);
    expect(gw.executionStats().sharedSubgraphCalls - sharedBefore).toBe(5 - calls);
    // Nothing is kept once answered: the next request calls the subgraph again.
    await graphql(gw.url, SLOW);
    expect(slowCalls() - before).toBe(calls + 1);
  });

  it('never shares the calls of signed-in viewers (owner, outsider) or of other client addresses', async () => {
    const tokens = await Promise.all(
      ['alice', 'bob', 'alice', 'bob', 'alice'].map((l) => signSessionToken(JWT_SECRET, l)),
    );
    const sharedBefore = gw.executionStats().sharedSubgraphCalls;
    let before = slowCalls();
    await together(gw, (i) => ({ authorization: `Bearer ${tokens[i]!}` }));
    expect(slowCalls() - before).toBe(5);
    before = slowCalls();
    await together(gw, (i) => ({ 'x-forwarded-for': `198.51.100.${i}` }));
    expect(slowCalls() - before).toBe(5);
    expect(gw.executionStats().sharedSubgraphCalls).toBe(sharedBefore);
  });

  it('can be turned off', async () => {
    const before = slowCalls();
    await together(off, () => ({}));
    expect(slowCalls() - before).toBe(5);
    expect(off.executionStats().sharedSubgraphCalls).toBe(0);
  });
});
