import { signSessionToken } from '@gitforge/auth';
import { createGateway, type RunningGateway } from '../src/createGateway';
import { issuesModule } from './support/issuesModule';
import { reposModule } from './support/reposModule';
import { TestSubgraph } from './support/testSubgraph';
import { captureLogger, graphql, JWT_SECRET, request, waitFor } from './support/helpers';

describe('gateway over real subgraphs', () => {
  const issues = new TestSubgraph(issuesModule(), JWT_SECRET);
  const repos = new TestSubgraph(reposModule(), JWT_SECRET);
  const { logger, lines } = captureLogger();
  let gw: RunningGateway;
  let token: string;

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
      limits: { maxDepth: 6, maxCost: 500 },
      maxBodyBytes: 64 * 1024,
      subgraphTimeoutMs: 300,
      pollIntervalMs: 60_000,
    });
    token = await signSessionToken(JWT_SECRET, 'alice');
  });

  afterAll(async () => {
    await gw?.close();
    await issues.dispose();
    await repos.dispose();
  });

  const auth = () => ({ authorization: `Bearer ${token}` });

  it('composes both subgraphs and plans a query across them', async () => {
    const created = await graphql(
      gw.url,
      'mutation($input: CreateIssueInput!) { createIssue(input: $input) { id number } }',
      { input: { repository: 'alice/demo', title: 'First' } },
      auth(),
    );
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data.createIssue.number).toBe(1);

    const res = await graphql(
      gw.url,
      '{ issues(repository: "alice/demo") { nodes { title author { login } repository { fullName description } } } }',
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: {
        issues: {
          nodes: [
            {
              title: 'First',
              author: { login: 'alice' },
              repository: { fullName: 'alice/demo', description: 'About alice/demo' },
            },
          ],
        },
      },
    });
    expect(gw.supergraphSdl()).toContain('join__graph(name: "repos"');
  });

  it('forwards Authorization and x-request-id to the subgraphs', async () => {
    const before = issues.received.length;
    const res = await graphql(gw.url, '{ viewerLogin }', undefined, {
      ...auth(),
      'x-request-id': 'req-forward-check-1',
    });
    expect(res.body.data).toEqual({ viewerLogin: 'alice' });
    expect(res.headers.get('x-request-id')).toBe('req-forward-check-1');
    const seen = issues.received.slice(before).find((r) => r.query.includes('viewerLogin'));
    expect(seen?.headers.authorization).toBe(`Bearer ${token}`);
    expect(seen?.headers['x-request-id']).toBe('req-forward-check-1');
  });

  it('generates a request id when none is sent and still forwards it', async () => {
    const before = issues.received.length;
    const res = await graphql(gw.url, '{ viewerLogin }');
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const seen = issues.received.slice(before).find((r) => r.query.includes('viewerLogin'));
    expect(seen?.headers['x-request-id']).toBe(id);
    expect(seen?.headers.authorization).toBeUndefined();
    expect(res.body.data).toEqual({ viewerLogin: null });
  });

  it('answers a bad token with UNAUTHENTICATED without calling a subgraph', async () => {
    const before = issues.received.length + repos.received.length;
    const res = await graphql(gw.url, '{ viewerLogin }', undefined, {
      authorization: 'Bearer not-a-jwt',
    });
    expect(res.status).toBe(401);
    expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const forged = await signSessionToken('some-other-secret-entirely', 'mallory');
    const res2 = await graphql(gw.url, '{ viewerLogin }', undefined, {
      authorization: `Bearer ${forged}`,
    });
    expect(res2.status).toBe(401);
    expect(res2.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(issues.received.length + repos.received.length).toBe(before);
  });

  it('rejects too deep and too costly queries with QUERY_TOO_COMPLEX before any subgraph call', async () => {
    const before = issues.received.length + repos.received.length;
    const deep = await graphql(
      gw.url,
      '{ issues { nodes { comments { nodes { issue { comments { nodes { issue { title } } } } } } } } }',
    );
    expect(deep.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(deep.body.errors[0].message).toMatch(/depth 9 exceeds the limit of 6/);
    expect(deep.body.data).toBeUndefined();

    const costly = await graphql(
      gw.url,
      'query($n: Int) { issues(first: $n) { nodes { comments(first: 50) { nodes { body } } } } }',
      { n: 100 },
    );
    expect(costly.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(costly.body.errors[0].extensions.cost).toBeGreaterThan(500);
    expect(issues.received.length + repos.received.length).toBe(before);

    const cheap = await graphql(gw.url, '{ issues(first: 10) { nodes { title } } }');
    expect(cheap.body.errors).toBeUndefined();
  });

  it('refuses a body over the limit with 413 PAYLOAD_TOO_LARGE and keeps serving', async () => {
    const huge = await graphql(
      gw.url,
      `
        {
          viewerLogin
        }
      `,
      { pad: 'x'.repeat(100 * 1024) },
    );
    expect(huge.status).toBe(413);
    expect(huge.body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    const next = await graphql(gw.url, '{ viewerLogin }');
    expect(next.body.data).toEqual({ viewerLogin: null });
  });

  it('answers malformed JSON and invalid queries with typed errors, then serves the next request', async () => {
    const malformed = await request(`${gw.url}/graphql`, { body: '{"query": "{ viewerLogin }"' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].extensions.code).toBe('BAD_REQUEST');

    const unparsable = await graphql(gw.url, '{ issues { ');
    expect(unparsable.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');

    const invalid = await graphql(gw.url, '{ noSuchField }');
    expect(invalid.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');

    const next = await graphql(gw.url, '{ viewerLogin }');
    expect(next.status).toBe(200);
    expect(next.body.data).toEqual({ viewerLogin: null });
  });

  it('passes subgraph error codes through and masks internal errors', async () => {
    const missing = await graphql(gw.url, '{ issueById(id: "nope") { title } }');
    expect(missing.status).toBe(200);
    expect(missing.body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect(missing.body.errors[0].extensions.http).toBeUndefined();

    const boom = await graphql(gw.url, '{ boom }');
    expect(boom.body.errors[0].extensions.code).toBe('INTERNAL');
    expect(JSON.stringify(boom.body)).not.toMatch(/relation|secret\.sql|stacktrace/);
  });

  it('maps a slow subgraph to UPSTREAM_UNAVAILABLE naming it, reason timeout', async () => {
    const res = await graphql(gw.url, '{ slow(ms: 2000) }');
    expect(res.body.errors[0].extensions).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      subgraph: 'repos',
      upstream: 'repos',
      reason: 'timeout',
    });
  });

  it('records subgraph fetch latency per subgraph on /metrics', async () => {
    const res = await request(`${gw.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.body).toMatch(
      /subgraph_request_duration_seconds_count\{[^}]*subgraph="issues"[^}]*\} [1-9]/,
    );
    expect(res.body).toMatch(
      /subgraph_request_duration_seconds_count\{[^}]*subgraph="repos"[^}]*\} [1-9]/,
    );
    expect(res.body).toMatch(/http_requests_total\{[^}]*route="\/graphql"/);
  });

  it('counts operations by type, bounded name and outcome', async () => {
    const metric = async (labels: string) => {
      const body = (await request(`${gw.url}/metrics`)).body as string;
      const line = body
        .split('\n')
        .find((l) => l.startsWith('graphql_operations_total{') && l.includes(labels));
      return line ? Number(line.split(' ').pop()) : 0;
    };
    const ok = 'operation_type="query",operation_name="CountMe",outcome="success"';
    const before = await metric(ok);
    await graphql(gw.url, 'query CountMe { __typename }');
    await graphql(gw.url, 'query CountMe { __typename }');
    expect(await metric(ok)).toBe(before + 2);
    const rejected = 'operation_type="unknown",operation_name="none",outcome="rejected"';
    const rejectedBefore = await metric(rejected);
    await graphql(gw.url, 'query { nope(');
    expect(await metric(rejected)).toBe(rejectedBefore + 1);
  });

  it('reports live and ready on /health and /api/health', async () => {
    for (const prefix of ['/health', '/api/health']) {
      expect((await request(`${gw.url}${prefix}/live`)).status).toBe(200);
      const ready = await request(`${gw.url}${prefix}/ready`);
      expect(ready.status).toBe(200);
      expect(ready.body.checks.map((c: { name: string }) => c.name).sort()).toEqual([
        'subgraph:issues',
        'subgraph:repos',
        'supergraph',
      ]);
    }
  });

  it('degrades to UPSTREAM_UNAVAILABLE and not-ready when a subgraph is down, and recovers', async () => {
    await repos.stop();
    try {
      const ready = await request(`${gw.url}/health/ready`);
      expect(ready.status).toBe(503);
      const failing = ready.body.checks.filter((c: { ok: boolean }) => !c.ok);
      expect(failing.map((c: { name: string }) => c.name)).toEqual(['subgraph:repos']);

      const partial = await graphql(
        gw.url,
        '{ issues(repository: "alice/demo") { nodes { title repository { description } } } }',
      );
      expect(partial.status).toBe(200);
      expect(partial.body.errors[0].extensions.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(partial.body.errors[0].extensions.subgraph).toBe('repos');
      // The issues part still answers (the design's "issue tracker stays online").
      const onlyIssues = await graphql(gw.url, '{ issues { nodes { title } } }');
      expect(onlyIssues.body.data.issues.nodes[0].title).toBe('First');
    } finally {
      await repos.start();
    }
    await waitFor(async () => (await request(`${gw.url}/health/ready`)).status === 200, {
      what: 'readiness after the subgraph is back',
    });
    const healed = await graphql(gw.url, '{ repository(fullName: "a/b") { description } }');
    expect(healed.body.data).toEqual({ repository: { description: 'About a/b' } });
    expect(lines.some((l) => l.msg === 'subgraph call failed' && l.subgraph === 'repos')).toBe(
      true,
    );
  });
});
