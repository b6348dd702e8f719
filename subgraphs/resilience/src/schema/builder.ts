import SchemaBuilder from '@pothos/core';
import DirectivesPlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import type { ResilienceContext } from '../context';

export interface ResilienceSchemaTypes {
  Context: ResilienceContext;
  Scalars: { DateTime: { Input: Date; Output: Date } };
  DefaultFieldNullability: false;
}

export const builder = new SchemaBuilder<ResilienceSchemaTypes>({
  plugins: [DirectivesPlugin, FederationPlugin],
  defaultFieldNullability: false,
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});

export type SchemaTypes = PothosSchemaTypes.ExtendDefaultTypes<ResilienceSchemaTypes>;
