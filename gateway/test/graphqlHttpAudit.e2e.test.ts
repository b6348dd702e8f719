import { serverAudits } from 'graphql-http';
import { createGateway, type RunningGateway } from '../src/createGateway';
import { issuesModule } from './support/issuesModule';
import { TestSubgraph } from './support/testSubgraph';
import { captureLogger, JWT_SECRET } from './support/helpers';

describe('GraphQL over HTTP conformance (graphql-http serverAudits)', () => {
  const issues = new TestSubgraph(issuesModule(), JWT_SECRET);
  let gw: RunningGateway;

  beforeAll(async () => {
    await issues.start();
    gw = await createGateway({
      subgraphs: [{ name: 'issues', url: issues.url }],
      jwtSecret: JWT_SECRET,
      logger: captureLogger().logger,
    });
  });

  afterAll(async () => {
    await gw?.close();
    await issues.dispose();
  });

  const audits = serverAudits({ url: () => `${gw.url}/graphql` });
  const required = audits.filter((a) => a.name.startsWith('MUST') || a.name.startsWith('SHOULD'));

  it('has mandatory and recommended audits to run', () => {
    expect(required.length).toBeGreaterThan(30);
  });

  it.each(required.map((a) => [`${a.id} ${a.name}`, a] as const))('%s', async (_name, audit) => {
    const result = await audit.fn();
    if (result.status !== 'ok') {
      const body = await result.response.text();
      throw new Error(`${result.status}: ${result.reason}\n${result.response.status} ${body}`);
    }
    expect(result.status).toBe('ok');
  });

  describe('GET (optional in the spec) under CSRF prevention', () => {
    const GET_AUDITS = ['5A70', 'D6D5', '6A70'];
    const withPreflight = serverAudits({
      url: () => `${gw.url}/graphql`,
      fetchFn: (input: string | URL, init?: RequestInit) => {
        const headers = new Headers(init?.headers);
        headers.set('apollo-require-preflight', 'true');
        return fetch(input, { ...init, headers });
      },
    }).filter((a) => GET_AUDITS.includes(a.id));

    it.each(withPreflight.map((a) => [`${a.id} ${a.name}`, a] as const))(
      'passes %s for a client that sends a preflight header',
      async (_name, audit) => {
        expect((await audit.fn()).status).toBe('ok');
      },
    );

    it('refuses a simple cross-site GET (no content-type, no preflight header)', async () => {
      const res = await fetch(`${gw.url}/graphql?query=${encodeURIComponent('{ __typename }')}`);
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(/Cross-Site Request Forgery/);
    });
  });
});
