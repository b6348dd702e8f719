import SchemaBuilder from '@pothos/core';
import DirectivesPlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import type { IssuesContext } from '../context';

export interface IssuesSchemaTypes {
  Context: IssuesContext;
  Scalars: { DateTime: { Input: Date; Output: Date } };
  DefaultFieldNullability: false;
}

export const builder = new SchemaBuilder<IssuesSchemaTypes>({
  plugins: [DirectivesPlugin, FederationPlugin],
  defaultFieldNullability: false,
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});

export type SchemaTypes = PothosSchemaTypes.ExtendDefaultTypes<IssuesSchemaTypes>;
