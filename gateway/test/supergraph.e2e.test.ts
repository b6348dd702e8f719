import { createGateway, type RunningGateway } from '../src/createGateway';
import { issuesModule } from './support/issuesModule';
import { reposModule } from './support/reposModule';
import { TestSubgraph } from './support/testSubgraph';
import { captureLogger, freePort, graphql, JWT_SECRET, request, waitFor } from './support/helpers';

describe('supergraph lifecycle', () => {
  const issues = new TestSubgraph(issuesModule(), JWT_SECRET);
  const repos = new TestSubgraph(reposModule(), JWT_SECRET);
  const { logger, lines } = captureLogger();
  let gw: RunningGateway | undefined;

  afterEach(async () => {
    await gw?.close();
    gw = undefined;
    await issues.dispose();
    await repos.dispose();
  });

  it('waits for a subgraph that is not up yet, then serves without a restart', async () => {
    await issues.start();
    const reposPort = await freePort();
    gw = await createGateway({
      subgraphs: [
        { name: 'issues', url: issues.url },
        { name: 'repos', url: `http://127.0.0.1:${reposPort}/graphql` },
      ],
      jwtSecret: JWT_SECRET,
      logger,
      waitForSupergraph: false,
      startupRetryMaxMs: 100,
    });
    const running = gw;
    let loaded = false;
    void running.supergraphLoaded.then(() => (loaded = true));

    await waitFor(async () => lines.some((l) => l.msg === 'waiting for subgraphs to come up'), {
      what: 'a "waiting" log line',
    });
    expect(loaded).toBe(false);
    expect((await request(`${running.url}/health/live`)).status).toBe(200);
    const ready = await request(`${running.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(
      ready.body.checks.filter((c: { ok: boolean }) => !c.ok).map((c: { name: string }) => c.name),
    ).toEqual(['supergraph', 'subgraph:repos']);
    const early = await graphql(running.url, '{ viewerLogin }');
    expect(early.status).toBe(503);
    expect(early.body.errors[0].extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    const earlyRest = await request(`${running.url}/api/issues`);
    expect(earlyRest.status).toBe(503);
    expect(earlyRest.body.error.code).toBe('UPSTREAM_UNAVAILABLE');

    await repos.start(reposPort);
    await running.supergraphLoaded;
    const res = await graphql(running.url, '{ repository(fullName: "x/y") { description } }');
    expect(res.body.data).toEqual({ repository: { description: 'About x/y' } });
    await waitFor(async () => (await request(`${running.url}/health/ready`)).status === 200, {
      what: 'readiness',
    });
  });

  it('recomposes when a subgraph schema changes, and keeps serving when composition fails', async () => {
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
    });
    const running = gw;
    const starsQuery = '{ repository(fullName: "x/y") { description stars } }';
    const before = await graphql(running.url, starsQuery);
    expect(before.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const firstSdl = running.supergraphSdl();

    await repos.setModule(reposModule('stars'));
    const after = await waitFor(
      async () => {
        const res = await graphql(running.url, starsQuery);
        return res.body.data ? { ...res, sdl: running.supergraphSdl() } : undefined;
      },
      { what: 'the new field through the gateway' },
    );
    expect(after.body).toEqual({ data: { repository: { description: 'About x/y', stars: 42 } } });
    expect(running.supergraphSdl()).not.toBe(firstSdl);
    expect(running.supergraphSdl()).toContain('stars: Int!');

    await repos.setModule(reposModule('broken'));
    await waitFor(
      async () =>
        lines.some(
          (l) => l.msg === 'supergraph composition failed; keeping the previous supergraph',
        ),
      { what: 'the composition error log' },
    );
    const failure = lines.find(
      (l) => l.msg === 'supergraph composition failed; keeping the previous supergraph',
    );
    expect(JSON.stringify(failure?.errors)).toMatch(/fullName/);
    expect(running.supergraphSdl()).toBe(after.sdl);
    const still = await graphql(running.url, '{ repository(fullName: "x/y") { description } }');
    expect(still.body).toEqual({ data: { repository: { description: 'About x/y' } } });
    // The gateway still validates against the composed schema: only the subgraph rejects `stars`.
    const stale = await graphql(running.url, starsQuery);
    expect(stale.body.errors[0].extensions.serviceName).toBe('repos');
  });
});
