import { buildSubgraphSchema } from '@apollo/subgraph';
import { execute, parse } from 'graphql';
import { schema as repositorySchema } from '../src/schema';
import { batchEntityResolution } from '../src/schema/batchedEntities';

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Repo @key(fields: "name") { name: String! size: Int }
  type Person @key(fields: "login") { login: String! name: String }
  type Query { hello: String }
`);

/** Loads per distinct key, counted, as the repository subgraph's services do per request. */
function makeSchema(loads: string[]) {
  return buildSubgraphSchema({
    typeDefs,
    resolvers: {
      Repo: {
        __resolveReference: async (ref: { name: string }) => {
          loads.push(ref.name);
          if (ref.name === 'broken') throw new Error('Gitea is down');
          if (ref.name === 'missing') return null;
          return { name: ref.name, size: ref.name.length };
        },
      },
      Person: {
        // Synchronous, as the User entity is when its record is already known.
        __resolveReference: (ref: { login: string }) => {
          if (ref.login === 'throws') throw new Error('bad login');
          return { login: ref.login, name: ref.login.toUpperCase() };
        },
      },
    },
  });
}

const QUERY = parse(`query($r: [_Any!]!) { _entities(representations: $r) {
  __typename
  ... on Repo { name size }
  ... on Person { login name }
} }`);

const representations: Record<string, string>[] = [
  { __typename: 'Repo', name: 'tools' },
  { __typename: 'Person', login: 'alice' },
  { __typename: 'Repo', name: 'missing' },
  { __typename: 'Repo', name: 'broken' },
  { __typename: 'Repo', name: 'tools' },
];

async function run(batched: boolean, r: Record<string, string>[] = representations) {
  const loads: string[] = [];
  const schema = makeSchema(loads);
  if (batched) batchEntityResolution(schema);
  const result = await execute({ schema, document: QUERY, variableValues: { r } });
  return { result: JSON.parse(JSON.stringify(result)) as Record<string, unknown>, loads };
}

describe('batched entity resolution', () => {
  it('answers what @apollo/subgraph answers, each entity with its own null or error', async () => {
    const batched = await run(true);
    expect(batched.result).toEqual((await run(false)).result);
    expect(batched.result.data).toEqual({
      _entities: [
        { __typename: 'Repo', name: 'tools', size: 5 },
        { __typename: 'Person', login: 'alice', name: 'ALICE' },
        null,
        null,
        { __typename: 'Repo', name: 'tools', size: 5 },
      ],
    });
    expect(batched.result.errors).toEqual([
      expect.objectContaining({ message: 'Gitea is down', path: ['_entities', 3] }),
    ]);
  });

  it('keeps a synchronous throw to its own entity (the stock resolver failed them all)', async () => {
    const batched = await run(true, [
      { __typename: 'Person', login: 'throws' },
      { __typename: 'Person', login: 'bob' },
    ]);
    expect(batched.result.data).toEqual({
      _entities: [null, { __typename: 'Person', login: 'bob', name: 'BOB' }],
    });
    expect(batched.result.errors).toEqual([
      expect.objectContaining({ message: 'bad login', path: ['_entities', 0] }),
    ]);
  });

  it('calls resolveReference once per representation, as before', async () => {
    expect((await run(true)).loads).toEqual((await run(false)).loads);
    expect((await run(true)).loads).toEqual(['tools', 'missing', 'broken', 'tools']);
  });

  it('is what the repository subgraph schema serves', () => {
    const resolve = repositorySchema.getQueryType()!.getFields()._entities!.resolve!;
    expect(resolve.toString()).toContain('allSettled');
  });
});
