import { Supergraph } from '@apollo/federation-internals';
import { printSubgraphSchema } from '@apollo/subgraph';
import {
  isInterfaceType,
  isObjectType,
  Kind,
  parse,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { schema as issuesSchema } from '../../subgraphs/issues/src/schema';
import { schema as repositorySchema } from '../../subgraphs/repository/src/schema';
import { schema as resilienceSchema } from '../../subgraphs/resilience/src/schema';
import { FIELD_COSTS } from '../src/limits/fieldCosts';
import { OperationLimits } from '../src/limits/OperationLimits';
import { composeSupergraph } from '../src/supergraph/composeSupergraph';

/** The API schema the gateway serves over the three real subgraphs. */
function apiSchema(): GraphQLSchema {
  const composed = composeSupergraph(
    Object.entries({
      issues: issuesSchema,
      repository: repositorySchema,
      resilience: resilienceSchema,
    }).map(([name, schema]) => ({
      name,
      url: `http://${name}.invalid/graphql`,
      sdl: printSubgraphSchema(schema),
    })),
  );
  if (!composed.ok) throw new Error(composed.errors.join('\n'));
  return Supergraph.build(composed.supergraphSdl).apiSchema().toGraphQLJSSchema();
}

/** 3 requests of this took Gitea down for everyone (issue 13, item 6). */
function aliasAttack(aliases: number): string {
  const fields = Array.from(
    { length: aliases },
    (_, i) =>
      `r${i}: repository(owner: "demo", name: "big") { blob(path: "README.md") { text } tree { name } }`,
  );
  return `{ ${fields.join('\n')} }`;
}

describe('the field cost table', () => {
  const schema = apiSchema();
  const limits = new OperationLimits({ limits: { maxDepth: 12, maxCost: 5000 } });
  const cost = (source: string, variables?: Record<string, unknown>) => {
    const document = parse(source);
    const operation = document.definitions[0];
    if (operation?.kind !== Kind.OPERATION_DEFINITION) throw new Error('no operation');
    return limits.check(schema, document, operation, variables);
  };

  it('names only fields that exist in the composed schema', () => {
    const missing = Object.keys(FIELD_COSTS).filter((key) => {
      const [typeName = '', fieldName = ''] = key.split('.');
      const type = schema.getType(typeName);
      return !(isObjectType(type) || isInterfaceType(type)) || !type.getFields()[fieldName];
    });
    expect(missing).toEqual([]);
  });

  it('charges a blob and a tree by their Gitea work, for every alias', () => {
    // repository 5 + blob 50 + text 1 + tree 25 + name 1
    expect(cost(aliasAttack(1))).toBe(82);
    expect(cost(aliasAttack(2))).toBe(164);
    // The attack's 200 aliases cost 1 per field (1,000) before; now they are refused.
    expect(() => cost(aliasAttack(200))).toThrow(
      expect.objectContaining({
        extensions: expect.objectContaining({
          code: 'QUERY_TOO_COMPLEX',
          cost: 16_400,
          limit: 5000,
        }) as unknown,
      }),
    );
  });

  it('multiplies upstream work under a page by the page size', () => {
    // repositories 10 + nodes 1×20 + 20 × (commits 25 + nodes 1×5 + 5 × oid 1)
    expect(
      cost('{ repositories(first: 20) { nodes { commits(first: 5) { nodes { oid } } } } }'),
    ).toBe(10 + 20 + 20 * (25 + 5 + 5));
    // openIssueCount is a count per listed repository
    expect(cost('{ repositories(first: 50) { nodes { openIssueCount } } }')).toBe(10 + 50 + 50 * 5);
  });

  it('lets every operation of the web UI through, with its largest pages', () => {
    // The web package is an ES module TypeScript will not let this CommonJS test import; jest
    // compiles it like any other source.
    const webOperations = jest.requireActual<Record<string, unknown>>('../../web/src/gql/graphql');
    const documents = Object.entries(webOperations).filter(
      (entry): entry is [string, DocumentNode] =>
        entry[0].endsWith('Document') && (entry[1] as DocumentNode).kind === Kind.DOCUMENT,
    );
    expect(documents.length).toBeGreaterThan(20);
    const costs: Record<string, number | string> = {};
    for (const [name, document] of documents) {
      const operation = document.definitions.find(
        (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
      )!;
      // The UI's page sizes go up to 100; every page variable takes that.
      const variables = Object.fromEntries(
        (operation.variableDefinitions ?? []).map((v) => [v.variable.name.value, 100]),
      );
      try {
        costs[name] = limits.check(schema, document, operation, variables);
      } catch (err) {
        costs[name] = (err as Error).message;
      }
    }
    const refused = Object.entries(costs).filter(([, cost]) => typeof cost !== 'number');
    expect(refused).toEqual([]);
  });

  it('keeps the pages the web UI asks for well under the limit', () => {
    expect(
      cost(`{
        repository(owner: "demo", name: "app") {
          fullName description defaultBranch viewerCanAdminister openIssueCount
          tree(path: "") { name path type size }
          blob(path: "README.md") { text isBinary truncated }
          commits(first: 1) { nodes { oid messageHeadline author { name date } } }
          branches(first: 20) { nodes { name } }
        }
      }`),
    ).toBeLessThan(500);
  });
});
