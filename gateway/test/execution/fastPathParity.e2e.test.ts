import { createHash } from 'node:crypto';
import { signSessionToken } from '@gitforge/auth';
import { createGateway, type RunningGateway } from '../../src/createGateway';
import { issuesModule } from '../support/issuesModule';
import { reposModule } from '../support/reposModule';
import { TestSubgraph } from '../support/testSubgraph';
import { captureLogger, JWT_SECRET } from '../support/helpers';

interface Probe {
  name: string;
  /** Answered by the fast path (else left to Apollo Server). */
  fast?: boolean;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** POST body (object → JSON) or GET search parameters. */
  body?: unknown;
  search?: Record<string, string>;
}

interface Answer {
  status: number;
  headers: Record<string, string | null>;
  text: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const ACROSS =
  '{ issues(repository: "alice/demo") { nodes { title repository { fullName description } } } }';

async function send(origin: string, probe: Probe, token: string): Promise<Answer> {
  const method = probe.method ?? 'POST';
  const url = new URL(`${origin}/graphql`);
  for (const [k, v] of Object.entries(probe.search ?? {})) url.searchParams.set(k, v);
  const headers: Record<string, string> = {
    ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
    ...probe.headers,
  };
  if (headers.authorization === 'TOKEN') headers.authorization = `Bearer ${token}`;
  const response = await fetch(url, {
    method,
    headers,
    body:
      method === 'POST'
        ? typeof probe.body === 'string'
          ? probe.body
          : JSON.stringify(probe.body)
        : undefined,
  });
  const pick = (name: string) => response.headers.get(name);
  return {
    status: response.status,
    headers: {
      'content-type': pick('content-type'),
      'cache-control': pick('cache-control'),
      'retry-after': pick('retry-after'),
      allow: pick('allow'),
    },
    text: await response.text(),
  };
}

/** Every answer the fast path gives is the answer Apollo Server's pipeline gives. */
describe('fast path answers exactly as Apollo Server', () => {
  const issues = new TestSubgraph(issuesModule(), JWT_SECRET);
  const repos = new TestSubgraph(reposModule(), JWT_SECRET);
  const { logger } = captureLogger();
  let fast: RunningGateway;
  let stock: RunningGateway;
  let token: string;

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
      limits: { maxDepth: 6, maxCost: 500 },
      pollIntervalMs: 60_000,
      costBudget: { points: 1_000_000 },
    };
    fast = await createGateway(common);
    stock = await createGateway({ ...common, execution: { enabled: false } });
    token = await signSessionToken(JWT_SECRET, 'alice');
    const created = await send(
      fast.url,
      {
        name: 'seed',
        headers: { authorization: 'TOKEN' },
        body: {
          query: 'mutation($i: CreateIssueInput!) { createIssue(input: $i) { id } }',
          variables: { i: { repository: 'alice/demo', title: 'First' } },
        },
      },
      token,
    );
    expect(JSON.parse(created.text).data.createIssue.id).toEqual(expect.any(String));
  });

  afterAll(async () => {
    await fast?.close();
    await stock?.close();
    await issues.dispose();
    await repos.dispose();
  });

  const probes: Probe[] = [
    { name: 'query across subgraphs', fast: true, body: { query: ACROSS } },
    {
      name: 'signed in',
      fast: true,
      headers: { authorization: 'TOKEN' },
      body: { query: '{ viewerLogin }' },
    },
    {
      name: 'bad token',
      headers: { authorization: 'Bearer nope' },
      body: { query: '{ viewerLogin }' },
    },
    {
      name: 'aliases, __typename, @skip/@include',
      fast: true,
      body: {
        query:
          'query Q($s: Boolean!) { a: issues(repository: "alice/demo") { n: nodes { __typename t: title @include(if: $s) repository @skip(if: $s) { fullName } } } }',
        variables: { s: true },
      },
    },
    {
      name: 'error in a resolver with a path',
      fast: true,
      body: { query: '{ viewerLogin boom }' },
    },
    {
      name: 'non-null error propagates',
      fast: true,
      body: { query: '{ issueById(id: "nope") { title } }' },
    },
    { name: 'parse error', body: { query: '{ issues(' } },
    { name: 'validation error', body: { query: '{ nope }' } },
    {
      name: 'validation error, graphql-response+json',
      headers: { accept: 'application/graphql-response+json' },
      body: { query: '{ nope }' },
    },
    {
      name: 'graphql-response+json success',
      fast: true,
      headers: { accept: 'application/graphql-response+json' },
      body: { query: ACROSS },
    },
    { name: 'unacceptable accept', headers: { accept: 'text/html' }, body: { query: ACROSS } },
    {
      name: 'missing variable',
      body: { query: 'query($id: ID!) { issueById(id: $id) { title } }' },
    },
    {
      name: 'variable of the wrong type',
      body: { query: 'query($n: Int) { issues(first: $n) { totalCount } }', variables: { n: 'x' } },
    },
    {
      name: 'too deep',
      body: {
        query:
          '{ issues { nodes { repository { issues { nodes { repository { issues { totalCount } } } } } } } }',
      },
    },
    {
      name: 'too costly through a variable',
      body: {
        query:
          'query($n: Int) { issues(first: $n) { nodes { comments(first: $n) { totalCount } } } }',
        variables: { n: 100 },
      },
    },
    {
      name: 'operation chosen by name',
      fast: true,
      body: { query: 'query A { viewerLogin } query B { boom }', operationName: 'A' },
    },
    {
      name: 'unknown operation name',
      body: { query: 'query A { viewerLogin }', operationName: 'Z' },
    },
    {
      name: 'several operations, no name',
      body: { query: 'query A { viewerLogin } query B { boom }' },
    },
    { name: 'introspection', body: { query: '{ __schema { queryType { name } } }' } },
    { name: 'subscription over HTTP', body: { query: 'subscription { nope }' } },
    { name: 'empty object', body: {} },
    { name: 'query not a string', body: { query: 7 } },
    { name: 'variables as a string', body: { query: ACROSS, variables: '{}' } },
    { name: 'invalid JSON', body: '{"query":' },
    {
      name: 'text/plain (CSRF)',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: ACROSS }),
    },
    {
      name: 'GET with a JSON content type',
      fast: true,
      method: 'GET',
      headers: { 'content-type': 'application/json' },
      search: { query: ACROSS },
    },
    {
      name: 'GET with a preflight header',
      fast: true,
      method: 'GET',
      headers: { 'apollo-require-preflight': 'true' },
      search: { query: ACROSS },
    },
    { name: 'GET without CSRF protection', method: 'GET', search: { query: ACROSS } },
    {
      name: 'GET mutation',
      method: 'GET',
      headers: { 'content-type': 'application/json' },
      search: { query: 'mutation { closeIssue(input: { id: "x" }) { id } }' },
    },
    {
      name: 'mutation refused by the subgraph',
      fast: true,
      body: { query: 'mutation { closeIssue(input: { id: "x" }) { id } }' },
    },
    {
      name: 'APQ hash unknown',
      body: { extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ boom }') } } },
    },
    {
      name: 'APQ hash does not match',
      body: {
        query: ACROSS,
        extensions: { persistedQuery: { version: 1, sha256Hash: sha256('x') } },
      },
    },
    {
      name: 'APQ version 2',
      body: {
        query: ACROSS,
        extensions: { persistedQuery: { version: 2, sha256Hash: sha256(ACROSS) } },
      },
    },
    {
      name: 'APQ register',
      fast: true,
      body: {
        query: ACROSS,
        extensions: { persistedQuery: { version: 1, sha256Hash: sha256(ACROSS) } },
      },
    },
    {
      name: 'APQ hit',
      fast: true,
      body: { extensions: { persistedQuery: { version: 1, sha256Hash: sha256(ACROSS) } } },
    },
    {
      name: 'APQ hit over GET',
      fast: true,
      method: 'GET',
      headers: { 'content-type': 'application/json' },
      search: {
        extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: sha256(ACROSS) } }),
      },
    },
  ];

  it('a client over its cost budget: the fast path writes the refusal Apollo writes', async () => {
    const options = {
      subgraphs: [
        { name: 'issues', url: issues.url },
        { name: 'repos', url: repos.url },
      ],
      jwtSecret: JWT_SECRET,
      logger,
      pollIntervalMs: 60_000,
      costBudget: { points: 1, windowMs: 60_000 },
    };
    const tight = await createGateway(options);
    const tightStock = await createGateway({ ...options, execution: { enabled: false } });
    try {
      const probe: Probe = { name: 'over budget', body: { query: ACROSS } };
      const expected = await send(tightStock.url, probe, token);
      const actual = await send(tight.url, probe, token);
      expect(JSON.parse(actual.text).errors[0].extensions.code).toBe('RATE_LIMITED');
      expect(actual.status).toBe(429);
      expect(actual.headers['retry-after']).toMatch(/^\d+$/);
      expect(actual).toEqual(expected);
      expect(tight.executionStats().fastPathAnswers).toBe(1);
    } finally {
      await tight.close();
      await tightStock.close();
    }
  });

  it.each(probes.map((p) => [p.name, p] as const))('%s', async (_name, probe) => {
    // Twice: the first fills the caches, the second is served from them.
    for (let round = 0; round < 2; round += 1) {
      const expected = await send(stock.url, probe, token);
      const before = fast.executionStats().fastPathAnswers;
      const actual = await send(fast.url, probe, token);
      expect(actual).toEqual(expected);
      expect(fast.executionStats().fastPathAnswers - before).toBe(probe.fast ? 1 : 0);
    }
  });
});
