import SchemaBuilder from '@pothos/core';
import DirectivesPlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import type { RepositoryContext } from '../context';

export interface RepositorySchemaTypes {
  Context: RepositoryContext;
  Scalars: { DateTime: { Input: Date; Output: Date } };
  DefaultFieldNullability: false;
}

export const builder = new SchemaBuilder<RepositorySchemaTypes>({
  plugins: [DirectivesPlugin, FederationPlugin],
  defaultFieldNullability: false,
});

builder.queryType({});
builder.mutationType({});

export type SchemaTypes = PothosSchemaTypes.ExtendDefaultTypes<RepositorySchemaTypes>;
