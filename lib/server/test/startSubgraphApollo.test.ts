import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import pino from 'pino';
import { graphqlIntrospectionVariable, introspectionEnabled, startSubgraphApollo } from '../src';

const schema = buildSubgraphSchema({
  typeDefs: parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
    type Query { hello: String }
  `),
  resolvers: { Query: { hello: () => 'world' } },
});
const logger = pino({ level: 'silent' });

async function ask(introspection: boolean | undefined, query: string) {
  const apollo = await startSubgraphApollo(schema, logger, { introspection });
  try {
    const response = await apollo.executeOperation({ query });
    return response.body.kind === 'single' ? response.body.singleResult : undefined;
  } finally {
    await apollo.stop();
  }
}

const parseSetting = (value: string | undefined) => graphqlIntrospectionVariable().safeParse(value);

describe('introspection', () => {
  it('is off by default under NODE_ENV=production, on otherwise, and GRAPHQL_INTROSPECTION decides', () => {
    const enabled = (value: string | undefined, nodeEnv: string | undefined) =>
      introspectionEnabled(parseSetting(value).data, nodeEnv);
    expect(enabled(undefined, 'production')).toBe(false);
    expect(enabled('', 'production')).toBe(false);
    expect(enabled(undefined, 'development')).toBe(true);
    expect(enabled(undefined, undefined)).toBe(true);
    expect(enabled('true', 'production')).toBe(true);
    expect(enabled('false', 'test')).toBe(false);
    expect(parseSetting('yes please').success).toBe(false);
  });

  it('a subgraph without it refuses __schema but still gives the gateway its SDL', async () => {
    const refused = await ask(false, '{ __schema { queryType { name } } }');
    expect(refused?.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const sdl = await ask(false, '{ _service { sdl } }');
    expect(sdl?.errors).toBeUndefined();
    expect((sdl?.data as { _service: { sdl: string } })._service.sdl).toContain('hello');
    const allowed = await ask(true, '{ __schema { queryType { name } } }');
    expect(allowed?.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('is off when the caller does not say (fail closed)', async () => {
    const refused = await ask(undefined, '{ __type(name: "Query") { name } }');
    expect(refused?.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('termination signals', () => {
  it('leaves SIGTERM and SIGINT to the service (Apollo registers no handler, even in production)', async () => {
    const saved = process.env.NODE_ENV;
    const before = [process.listenerCount('SIGTERM'), process.listenerCount('SIGINT')];
    process.env.NODE_ENV = 'production';
    try {
      const apollo = await startSubgraphApollo(schema, logger, { introspection: false });
      expect([process.listenerCount('SIGTERM'), process.listenerCount('SIGINT')]).toEqual(before);
      await apollo.stop();
    } finally {
      process.env.NODE_ENV = saved;
    }
  });
});

describe('per-request cost', () => {
  it('leaves the schema resolvers unwrapped (no per-field plugin hooks) and answers no-store', async () => {
    const own = buildSubgraphSchema({
      typeDefs: parse('type Query { hello: String }'),
      resolvers: { Query: { hello: () => 'world' } },
    });
    const resolve = own.getQueryType()!.getFields().hello!.resolve;
    const apollo = await startSubgraphApollo(own, logger);
    try {
      const response = await apollo.executeOperation({ query: '{ hello }' });
      expect(response.body.kind === 'single' && response.body.singleResult.data).toEqual({
        hello: 'world',
      });
      expect(response.http.headers.get('cache-control')).toBe('no-store');
      expect(own.getQueryType()!.getFields().hello!.resolve).toBe(resolve);
    } finally {
      await apollo.stop();
    }
  });
});
