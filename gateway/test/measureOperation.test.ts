import {
  buildSchema,
  Kind,
  parse,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from 'graphql';
import { measureOperation } from '../src/limits/measureOperation';

const schema = buildSchema(`
  type Query { issues(first: Int = 20): IssueConnection!  issue(id: ID!): Issue  node: Node }
  interface Node { id: ID! }
  type IssueConnection { nodes: [Issue!]! }
  type Issue implements Node { id: ID! title: String! labels: [Label!]! comments(first: Int = 20, last: Int): CommentConnection! }
  type Label { name: String! }
  type CommentConnection { nodes: [Comment!]! }
  type Comment implements Node { id: ID! body: String! issue: Issue! }
`);

function measure(source: string, variables: Record<string, unknown> = {}) {
  const document = parse(source);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )!;
  const fragments = Object.fromEntries(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  );
  return measureOperation(schema, operation, fragments, variables);
}

describe('measureOperation', () => {
  it('counts depth from the root field', () => {
    expect(measure('{ issue(id: 1) { title } }')).toEqual({ depth: 2, cost: 2 });
    expect(measure('{ issue(id: 1) { comments { nodes { issue { title } } } } }').depth).toBe(5);
  });

  it('multiplies everything below a paginated field by its page size', () => {
    // issues(1) + 10 × (nodes 1 + title 1) = 21
    expect(measure('{ issues(first: 10) { nodes { title } } }').cost).toBe(21);
    // the argument default (20) applies when `first` is omitted
    expect(measure('{ issues { nodes { title } } }').cost).toBe(41);
    // nested pages multiply: 1 + 10 × (1 + 1 + 5 × (1 + 1))
    expect(
      measure('{ issues(first: 10) { nodes { comments(first: 5) { nodes { body } } } } }').cost,
    ).toBe(121);
  });

  it('reads page sizes from variables and takes the larger of first/last', () => {
    expect(measure('query($n: Int) { issues(first: $n) { nodes { id } } }', { n: 3 }).cost).toBe(7);
    expect(measure('{ issue(id: 1) { comments(first: 2, last: 9) { nodes { id } } } }').cost).toBe(
      1 + 1 + 9 * 2,
    );
  });

  it('follows fragments and inline fragments, counting aliases separately', () => {
    const viaFragments = measure(`
      { a: issue(id: 1) { ...F }  b: issue(id: 2) { ...F }  node { ... on Issue { title } } }
      fragment F on Issue { title labels { name } }
    `);
    expect(viaFragments).toEqual({ depth: 3, cost: 3 + 2 * 3 + 1 });
  });

  it('ignores introspection and __typename', () => {
    expect(
      measure(
        '{ __typename __schema { types { fields { type { ofType { ofType { name } } } } } } }',
      ),
    ).toEqual({ depth: 0, cost: 0 });
    expect(measure('{ issue(id: 1) { __typename title } }').cost).toBe(2);
  });
});
