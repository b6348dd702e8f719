import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import pino from 'pino';
import { introspectionFromEnv, startSubgraphApollo } from '../src';

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

describe('introspection', () => {
  it('is off by default under NODE_ENV=production, on otherwise, and GRAPHQL_INTROSPECTION decides', () => {
    expect(introspectionFromEnv({ NODE_ENV: 'production' })).toBe(false);
    expect(introspectionFromEnv({ NODE_ENV: 'development' })).toBe(true);
    expect(introspectionFromEnv({})).toBe(true);
    expect(introspectionFromEnv({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' })).toBe(
      true,
    );
    expect(introspectionFromEnv({ NODE_ENV: 'test', GRAPHQL_INTROSPECTION: 'false' })).toBe(false);
    expect(() => introspectionFromEnv({ GRAPHQL_INTROSPECTION: 'yes please' })).toThrow(
      /GRAPHQL_INTROSPECTION/,
    );
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

  it('a subgraph started under NODE_ENV=production refuses it unless turned on', async () => {
    const saved = { ...process.env };
    try {
      process.env.NODE_ENV = 'production';
      delete process.env.GRAPHQL_INTROSPECTION;
      const refused = await ask(undefined, '{ __type(name: "Query") { name } }');
      expect(refused?.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      process.env.GRAPHQL_INTROSPECTION = 'true';
      const allowed = await ask(undefined, '{ __type(name: "Query") { name } }');
      expect(allowed?.data).toEqual({ __type: { name: 'Query' } });
    } finally {
      process.env.NODE_ENV = saved.NODE_ENV;
      if (saved.GRAPHQL_INTROSPECTION === undefined) delete process.env.GRAPHQL_INTROSPECTION;
      else process.env.GRAPHQL_INTROSPECTION = saved.GRAPHQL_INTROSPECTION;
    }
  });
});
