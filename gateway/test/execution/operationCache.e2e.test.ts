import { createGateway, type RunningGateway } from '../../src/createGateway';
import { issuesModule } from '../support/issuesModule';
import { reposModule } from '../support/reposModule';
import { TestSubgraph } from '../support/testSubgraph';
import { captureLogger, graphql, JWT_SECRET, waitFor } from '../support/helpers';

describe('prepared operations cache', () => {
  const issues = new TestSubgraph(issuesModule(), JWT_SECRET);
  const repos = new TestSubgraph(reposModule(), JWT_SECRET);
  const { logger } = captureLogger();
  let gw: RunningGateway;

  beforeAll(async () => {
    await issues.start();
    await repos.start();
    gw = await createGateway({
      subgraphs: [
        { name: 'issues', url: issues.url },
        { name: 'repos', url: repos.url },
      ],
      jwtSecret: JWT_SECRET,
      logger,
      pollIntervalMs: 50,
      execution: { operationCache: { maxEntries: 3 } },
    });
  });

  afterAll(async () => {
    await gw?.close();
    await issues.dispose();
    await repos.dispose();
  });

  const repositoryQuery = (n: number) => `{ repository(fullName: "o/r${n}") { fullName } }`;

  it('holds at most its bound of operations and still answers every one', async () => {
    for (let n = 0; n < 6; n += 1) {
      const res = await graphql(gw.url, repositoryQuery(n));
      expect(res.body).toEqual({ data: { repository: { fullName: `o/r${n}` } } });
      expect(gw.executionStats().preparedOperations).toBeLessThanOrEqual(3);
    }
    expect(gw.executionStats().preparedOperations).toBe(3);
    expect(gw.executionStats().preparedBytes).toBeGreaterThan(0);
    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    expect(metrics).toMatch(/^gateway_prepared_operations(\{[^}]*\})? 3$/m);
    expect(metrics).toMatch(/^gateway_fast_path_answers(\{[^}]*\})? [1-9]\d*$/m);
    // Evicted, prepared again, and answered the same.
    const again = await graphql(gw.url, repositoryQuery(0));
    expect(again.body).toEqual({ data: { repository: { fullName: 'o/r0' } } });
  });

  it('starts afresh on a schema change: a document invalid before is served after, by the fast path', async () => {
    const stars = '{ repository(fullName: "x/y") { description stars } }';
    const before = await graphql(gw.url, stars);
    expect(before.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(gw.executionStats().preparedOperations).toBeGreaterThan(0);

    await repos.setModule(reposModule('stars'));
    await waitFor(async () => gw.supergraphSdl()?.includes('stars: Int!'), {
      what: 'the new supergraph',
    });
    expect(gw.executionStats().preparedOperations).toBe(0);
    const fastBefore = gw.executionStats().fastPathAnswers;
    const after = await graphql(gw.url, stars);
    expect(after.body).toEqual({ data: { repository: { description: 'About x/y', stars: 42 } } });
    expect(gw.executionStats().fastPathAnswers).toBe(fastBefore + 1);
  });
});
