import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { schema as issuesSchema } from '../../issues/src/schema';
import { schema } from '../src/schema';

/**
 * OwnerQuota is one entity of two subgraphs (issue 16): the issues subgraph owns the limits
 * (and setOwnerQuota), the repository subgraph the usage (and User.quota); the supergraph has
 * all five fields, so either entry point reaches the other half through the key `owner`.
 */
describe('OwnerQuota in the supergraph', () => {
  it('composes with the limits from issues and the usage from repository', () => {
    const issuesSdl = printSubgraphSchema(issuesSchema);
    const repositorySdl = printSubgraphSchema(schema);
    expect(issuesSdl).toMatch(/type OwnerQuota\s+@key\(fields: "owner"\)/);
    expect(repositorySdl).toMatch(/type OwnerQuota\s+@key\(fields: "owner"\)/);
    const result = composeServices([
      { name: 'issues', typeDefs: parse(issuesSdl), url: 'http://issues/graphql' },
      { name: 'repository', typeDefs: parse(repositorySdl), url: 'http://repository/graphql' },
    ]);
    expect(result.errors?.map((e) => e.message)).toBeUndefined();
    const supergraph = result.supergraphSdl ?? '';
    const quota = /type OwnerQuota[\s\S]*?\n}/.exec(supergraph)?.[0] ?? '';
    for (const field of [
      'owner: String!',
      'maxRepositories: Int!',
      'maxSizeBytes: Float!',
      'repositoryCount: Int!',
      'sizeBytes: Float!',
    ]) {
      expect(quota).toContain(field);
    }
    expect(supergraph).toMatch(/type User[\s\S]*?quota: OwnerQuota\b/);
    expect(supergraph).toMatch(/type Organization[\s\S]*?quota: OwnerQuota\b/);
    expect(supergraph).toMatch(/setOwnerQuota\(input: SetOwnerQuotaInput!\): OwnerQuota!/);
    expect(supergraph).toMatch(/resetOwnerQuota\(owner: String!\): OwnerQuota!/);
  });
});
