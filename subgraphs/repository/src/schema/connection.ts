import type { ObjectRef } from '@pothos/core';
import type { Page } from '../services/records';
import { builder, type SchemaTypes } from './builder';

// Also defined by the issues subgraph: a value type, identical in both, hence shareable.
export const PageInfo = builder.objectRef<Page<unknown>>('PageInfo').implement({
  shareable: true,
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage'),
    hasPreviousPage: t.exposeBoolean('hasPreviousPage'),
    startCursor: t.string({ nullable: true, resolve: (page) => page.edges[0]?.cursor ?? null }),
    endCursor: t.string({ nullable: true, resolve: (page) => page.edges.at(-1)?.cursor ?? null }),
  }),
});

/** `<Name>Connection` and `<Name>Edge` over a service `Page<T>` (Relay cursor connections). */
export function connectionOf<T>(name: string, node: ObjectRef<SchemaTypes, T>) {
  const Edge = builder.objectRef<{ cursor: string; node: T }>(`${name}Edge`).implement({
    fields: (t) => ({
      cursor: t.exposeString('cursor'),
      node: t.field({ type: node, resolve: (edge) => edge.node as never }),
    }),
  });
  return builder.objectRef<Page<T>>(`${name}Connection`).implement({
    fields: (t) => ({
      edges: t.field({ type: [Edge], resolve: (page) => page.edges }),
      nodes: t.field({ type: [node], resolve: (page) => page.edges.map((e) => e.node) as never }),
      pageInfo: t.field({ type: PageInfo, resolve: (page) => page as Page<unknown> }),
      totalCount: t.exposeInt('totalCount', {
        description: "Gitea's X-Total-Count for the whole list",
      }),
    }),
  });
}
