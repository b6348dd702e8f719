import type { ApolloServer } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { GraphQLError, parse } from 'graphql';
import pino from 'pino';
import { DomainError } from '@gitforge/errors';
import { HealthChecks } from '@gitforge/health';
import { requestContext } from '@gitforge/logging';
import { createMetrics } from '@gitforge/metrics';
import {
  graphqlRoute,
  startServiceServer,
  startSubgraphApollo,
  subgraphFastPathOf,
  type ServiceServer,
} from '@gitforge/server';

interface Issue {
  id: string;
  title: string;
  author: string;
}

const issues: Issue[] = [
  { id: '1', title: 'first', author: 'alice' },
  { id: '2', title: 'second', author: 'bob' },
];

const resolvers = {
  Query: {
    issue: (_: unknown, { id }: { id: string }) => issues.find((i) => i.id === id) ?? null,
    issues: () => issues,
    node: (_: unknown, { id }: { id: string }) => issues.find((i) => i.id === id) ?? null,
    notFound: () => {
      throw new DomainError('NOT_FOUND', 'No such thing', 'thing');
    },
    crash: () => {
      throw new Error('SELECT secret FROM somewhere');
    },
    limited: () => {
      throw new GraphQLError('Slow down', {
        extensions: {
          code: 'RATE_LIMITED',
          http: { status: 429, headers: new Map([['retry-after', '7']]) },
        },
      });
    },
    operation: () => requestContext.getStore()?.operationName ?? null,
    viewer: (_: unknown, __: unknown, context: { viewer: string }) => context.viewer,
  },
  Mutation: {
    rename: (_: unknown, { id, title }: { id: string; title: string }) => {
      const issue = issues.find((i) => i.id === id);
      if (issue) issue.title = title;
      return issue ?? null;
    },
  },
  Node: { __resolveType: () => 'Issue' },
  Issue: {
    __resolveReference: (ref: { id: string }) => issues.find((i) => i.id === ref.id) ?? null,
    checked: (issue: Issue) => {
      if (issue.id === '2') throw new DomainError('FORBIDDEN', 'Not yours');
      return 'ok';
    },
    author: (issue: Issue) => ({ login: issue.author }),
  },
  User: {
    __resolveReference: (ref: { login: string }) =>
      ref.login === 'ghost' ? null : { login: ref.login },
    name: (user: { login: string }) => user.login.toUpperCase(),
  },
};

const schema = buildSubgraphSchema({
  typeDefs: parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
    interface Node { id: ID! }
    type Issue implements Node @key(fields: "id") {
      id: ID!
      title: String!
      "Throws for issue 2: null propagates to the issue."
      checked: String!
      author: User
    }
    type User @key(fields: "login") { login: String! name: String }
    type Query {
      issue(id: ID!): Issue
      issues: [Issue!]
      node(id: ID!): Node
      notFound: String
      crash: String
      limited: String
      operation: String
      viewer: String
    }
    type Mutation { rename(id: ID!, title: String!): Issue }
  `),
  resolvers: resolvers as GraphQLResolverMap<unknown>,
});
const logger = pino({ level: 'silent' });

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface Case {
  name: string;
  /** Which path answers on the fast server. */
  path: 'fast' | 'apollo';
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: unknown;
  search?: string;
}

const entities = `query($r: [_Any!]!) { _entities(representations: $r) {
  __typename ... on Issue { id title author { login } } ... on User { login name } } }`;

const cases: Case[] = [
  { name: 'plain query', path: 'fast', body: { query: '{ issue(id: "1") { id title } }' } },
  {
    name: 'variables and an operation name',
    path: 'fast',
    body: {
      query: 'query One($id: ID!) { issue(id: $id) { title author { login } } operation }',
      variables: { id: '1' },
      operationName: 'One',
    },
  },
  {
    name: 'one operation of several',
    path: 'fast',
    body: { query: 'query A { operation } query B { viewer }', operationName: 'B' },
  },
  { name: 'null propagation', path: 'fast', body: { query: '{ issues { id checked } }' } },
  { name: 'a domain error', path: 'fast', body: { query: '{ notFound issue(id: "1") { id } }' } },
  { name: 'an internal error, masked', path: 'fast', body: { query: '{ crash }' } },
  { name: 'status and headers from an error', path: 'fast', body: { query: '{ limited }' } },
  { name: 'abstract type', path: 'fast', body: { query: '{ node(id: "2") { __typename id } }' } },
  {
    name: '_entities, with a missing representation',
    path: 'fast',
    body: {
      query: entities,
      variables: {
        r: [
          { __typename: 'Issue', id: '1' },
          { __typename: 'User', login: 'carol' },
          { __typename: 'User', login: 'ghost' },
          { __typename: 'Issue', id: '9' },
        ],
      },
    },
  },
  {
    name: '_entities with a type the subgraph does not know',
    path: 'fast',
    body: { query: entities, variables: { r: [{ __typename: 'Nope', id: '1' }] } },
  },
  {
    name: '@skip and @include from variables, aliases, fragments on an interface',
    path: 'fast',
    body: {
      query: `query($yes: Boolean!, $no: Boolean!) {
        a: issue(id: "1") { ...F title @include(if: $no) author @skip(if: $yes) { login } }
        b: node(id: "1") { ... on Node { id } ... on Issue { t: title } }
        c: issues @include(if: $yes) { id }
      }
      fragment F on Issue { id author @include(if: $yes) { name } }`,
      variables: { yes: true, no: false },
    },
  },
  { name: '_service', path: 'fast', body: { query: '{ _service { sdl } }' } },
  {
    name: 'mutation',
    path: 'fast',
    body: { query: 'mutation { rename(id: "1", title: "first") { id title } }' },
  },
  {
    name: 'graphql-response+json accepted',
    path: 'fast',
    headers: { accept: 'application/graphql-response+json, application/json;q=0.9' },
    body: { query: '{ issue(id: "2") { title } }' },
  },
  {
    name: 'the context from the request',
    path: 'fast',
    headers: { 'x-viewer': 'alice' },
    body: { query: '{ viewer }' },
  },
  {
    name: 'introspection (off)',
    path: 'apollo',
    body: { query: '{ __schema { types { name } } }' },
  },
  { name: '__type (off)', path: 'apollo', body: { query: '{ __type(name: "Issue") { name } }' } },
  {
    name: 'variables of the wrong type',
    path: 'apollo',
    body: { query: 'query($id: ID!) { issue(id: $id) { id } }', variables: { id: [1] } },
  },
  { name: 'missing variable', path: 'apollo', body: { query: entities } },
  { name: 'parse error', path: 'apollo', body: { query: '{ issue(' } },
  { name: 'validation error', path: 'apollo', body: { query: '{ nope }' } },
  {
    name: 'unknown operation name',
    path: 'apollo',
    body: { query: 'query A { viewer }', operationName: 'B' },
  },
  {
    name: 'persisted query',
    path: 'apollo',
    body: {
      query: '{ viewer }',
      extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } },
    },
  },
  {
    name: 'not acceptable',
    path: 'apollo',
    headers: { accept: 'text/html' },
    body: { query: '{ viewer }' },
  },
  { name: 'batch', path: 'apollo', body: [{ query: '{ viewer }' }] },
  { name: 'variables as a string', path: 'apollo', body: { query: '{ viewer }', variables: '{}' } },
  {
    name: 'a context that fails',
    path: 'apollo',
    headers: { 'x-viewer': 'fail' },
    body: { query: '{ viewer }' },
  },
  {
    name: 'GET',
    path: 'apollo',
    method: 'GET',
    headers: { 'apollo-require-preflight': 'true' },
    search: `?query=${encodeURIComponent('{ viewer }')}`,
  },
];

async function send(server: ServiceServer, c: Case): Promise<Answer> {
  const response = await fetch(`${server.url}/graphql${c.search ?? ''}`, {
    method: c.method ?? 'POST',
    headers: {
      ...(c.method === 'GET' ? {} : { 'content-type': 'application/json' }),
      'x-request-id': 'parity-1',
      ...c.headers,
    },
    body: c.method === 'GET' ? undefined : JSON.stringify(c.body),
  });
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    if (key !== 'date') headers[key] = value;
  });
  return { status: response.status, headers, body: await response.text() };
}

describe.each([
  ['production', 'graphql-js'],
  ['development', 'graphql-js'],
  ['production', 'graphql-jit'],
] as const)('subgraph fast path under NODE_ENV=%s, executed by %s', (nodeEnv, executor) => {
  let apollo: ApolloServer<{ viewer: string }>;
  let fast: ServiceServer;
  let viaApollo: ServiceServer;

  beforeAll(async () => {
    const saved = process.env.NODE_ENV;
    process.env.NODE_ENV = nodeEnv;
    try {
      apollo = await startSubgraphApollo<{ viewer: string }>(schema, logger, {
        introspection: false,
        fastPathExecutor: executor,
      });
    } finally {
      process.env.NODE_ENV = saved;
    }
    const start = (fastPath: boolean) =>
      startServiceServer({
        service: 'parity',
        port: 0,
        logger,
        metrics: createMetrics('parity'),
        health: new HealthChecks(),
        routes: [
          graphqlRoute(apollo, {
            fastPath,
            context: async (req) => {
              const viewer = String(req.headers['x-viewer'] ?? 'anonymous');
              if (viewer === 'fail') throw new Error('context failed');
              return { viewer };
            },
          }),
        ],
      });
    fast = await start(true);
    viaApollo = await start(false);
  });

  afterAll(async () => {
    await fast.close();
    await viaApollo.close();
    await apollo.stop();
  });

  it.each(cases)('$name: same status, headers and body ($path)', async (c) => {
    const counts = subgraphFastPathOf(apollo)!.counts;
    const before = { ...counts };
    const expected = await send(viaApollo, c);
    // The Apollo-only server never consults the fast path.
    expect(counts).toEqual(before);
    const actual = await send(fast, c);
    expect(actual).toEqual(expected);
    // Twice: the second answer comes from the cached document.
    expect(await send(fast, c)).toEqual(expected);
    const wentFast = c.path === 'fast';
    const consulted = c.method !== 'GET';
    expect(counts.handled - before.handled).toBe(wentFast ? 2 : 0);
    expect(counts.apollo - before.apollo).toBe(!wentFast && consulted ? 2 : 0);
  });

  it('answers what the cases expect, not only the same thing twice', async () => {
    const answer = async (c: Case) => {
      const a = await send(fast, c);
      return { status: a.status, body: JSON.parse(a.body) as Record<string, unknown> };
    };
    const byName = (name: string) => cases.find((c) => c.name === name)!;
    expect(await answer(byName('null propagation'))).toMatchObject({
      status: 200,
      body: {
        data: { issues: null },
        errors: [{ message: 'Not yours', path: ['issues', 1, 'checked'] }],
      },
    });
    const limited = await send(fast, byName('status and headers from an error'));
    expect([limited.status, limited.headers['retry-after']]).toEqual([429, '7']);
    expect(await answer(byName('an internal error, masked'))).toMatchObject({
      body: { data: { crash: null }, errors: [{ message: 'Internal error' }] },
    });
    const introspection = await answer(byName('introspection (off)'));
    expect(introspection.status).toBe(400);
    expect(JSON.stringify(introspection.body)).toContain('GRAPHQL_VALIDATION_FAILED');
    expect(await answer(byName('variables and an operation name'))).toMatchObject({
      body: { data: { issue: { title: 'first' }, operation: 'One' } },
    });
    const entityAnswer = await answer(byName('_entities, with a missing representation'));
    expect(entityAnswer.body.data).toHaveProperty('_entities');
    expect((entityAnswer.body.data as { _entities: unknown[] })._entities).toEqual([
      { __typename: 'Issue', id: '1', title: 'first', author: { login: 'alice' } },
      { __typename: 'User', login: 'carol', name: 'CAROL' },
      null,
      null,
    ]);
  });
});

describe('switched off', () => {
  it('startSubgraphApollo({ fastPath: false }) leaves every request to Apollo Server', async () => {
    const apollo = await startSubgraphApollo(schema, logger, { fastPath: false });
    try {
      expect(subgraphFastPathOf(apollo)).toBeUndefined();
    } finally {
      await apollo.stop();
    }
  });
});
