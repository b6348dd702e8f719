import { DomainError } from '@gitforge/errors';
import {
  defaultFieldResolver,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';

/** Root fields the gateway's feed token may use: the shared feeds and nothing else. */
const FEED_FIELDS: Record<string, ReadonlySet<string>> = {
  Subscription: new Set(['issueEvents', 'repositoryAccessChanges']),
  // The SDL, which anyone may read (the gateway composes from it).
  Query: new Set(['_service']),
  Mutation: new Set(),
};

const refused = () =>
  new DomainError(
    'FORBIDDEN',
    'The feed token is not a user: it may only subscribe to issueEvents and repositoryAccessChanges',
  );

/**
 * Every other root field refuses the feed token (FORBIDDEN): it is the gateway's credential for
 * its shared feeds, not a user, so it may neither write nor read as anyone. Wraps the built
 * schema's root resolvers once, before any server uses the schema.
 */
export function refuseFeedTokenElsewhere(schema: GraphQLSchema): GraphQLSchema {
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
  for (const root of roots) {
    if (!root) continue;
    const allowed = FEED_FIELDS[root.name] ?? new Set<string>();
    for (const field of Object.values(root.getFields())) {
      if (allowed.has(field.name)) continue;
      type Context = { feed?: boolean } | undefined;
      const guard =
        (inner: GraphQLFieldResolver<unknown, Context>): GraphQLFieldResolver<unknown, Context> =>
        (source, args, ctx, info: GraphQLResolveInfo) => {
          if (ctx?.feed) throw refused();
          return inner(source, args, ctx, info);
        };
      if (root.name === 'Subscription') {
        if (field.subscribe) field.subscribe = guard(field.subscribe);
      } else {
        field.resolve = guard(field.resolve ?? defaultFieldResolver);
      }
    }
  }
  return schema;
}
