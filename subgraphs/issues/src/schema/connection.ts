import type { ObjectRef } from '@pothos/core';
import type { SchemaTypes } from './builder';
import type { Page } from '../services/IssueQuery';
import { builder } from './builder';

const PageInfo = builder.objectRef<Page<unknown>>('PageInfo').implement({
  // The repository subgraph defines the same Relay type.
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
      nodes: t.field({
        type: [node],
        resolve: (page) => (page.nodes ?? page.edges.map((e) => e.node)) as never,
      }),
      pageInfo: t.field({ type: PageInfo, resolve: (page) => page as Page<unknown> }),
      totalCount: t.int({ resolve: (page) => page.totalCount() }),
    }),
  });
}
