import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { parse, printSchema } from 'graphql';
import { schema as repositorySchema } from '../../repository/src/schema';
import { schema as resilienceSchema } from '../../resilience/src/schema';
import { schema } from '../src/schema';

/** The internal fields and types the gateway sends to this subgraph but clients cannot select. */
const INTERNAL = [
  'repositoryPublic',
  'repositoryAccessChanges',
  'issueEventsAccess',
  'IssueEventsAccess',
  'RepositoryAccessChange',
];

describe('issue event feeds in the composed supergraph', () => {
  const sdl = printSubgraphSchema(schema);
  const composed = composeServices(
    [
      { name: 'issues', sdl },
      { name: 'repository', sdl: printSubgraphSchema(repositorySchema) },
      { name: 'resilience', sdl: printSubgraphSchema(resilienceSchema) },
    ].map(({ name, sdl: text }) => ({
      name,
      typeDefs: parse(text),
      url: `http://${name}/graphql`,
    })),
  );

  it('composes', () => {
    expect(composed.errors?.map((e) => e.message)).toBeUndefined();
  });

  it('keeps the internal fields in the subgraph schema, marked @inaccessible', () => {
    expect(sdl).toMatch(/repositoryPublic: Boolean! @inaccessible/);
    expect(sdl).toMatch(/repositoryAccessChanges: RepositoryAccessChange! @inaccessible/);
    expect(sdl).toMatch(
      /issueEventsAccess\([^)]*repository: String![^)]*\): IssueEventsAccess! @inaccessible/,
    );
    expect(sdl).toMatch(/type IssueEventsAccess\s+@inaccessible/);
    expect(sdl).toMatch(/type RepositoryAccessChange\s+@inaccessible/);
  });

  it("leaves them out of the gateway's API schema, with cursor and after in it", () => {
    const api = printSchema(composed.schema!.toAPISchema().toGraphQLJSSchema());
    for (const name of INTERNAL)
      expect({ name, found: api.includes(name) }).toEqual({ name, found: false });
    expect(api).toMatch(
      /issueEvents\([^)]*repository: String![^)]*after: String\s*\): IssueEvent!/,
    );
    expect(api).toMatch(/type IssueEvent \{[\s\S]*cursor: String![\s\S]*\n\}/);
    // The supergraph itself (what the gateway plans with) still routes them to this subgraph.
    expect(composed.supergraphSdl).toContain('issueEventsAccess');
  });
});
