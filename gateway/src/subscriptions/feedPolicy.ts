import { getNamedType, isObjectType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';

/**
 * How a subscription root field is shared among viewers. A field with a policy is served by one
 * upstream subscription per (arguments, selection) for every viewer, opened with the feed
 * token (the subgraph then sends every event with its visibility), and the gateway decides per
 * viewer with the subgraph's access query. Fields without a policy are shared only among the
 * subscriptions of one `Authorization`.
 */
export interface FeedPolicy {
  /** Subscription root field, e.g. `issueEvents`. */
  field: string;
  /** Argument naming what access is decided on, e.g. `repository`. */
  audienceArgument: string;
  /** Argument resuming after a cursor, e.g. `after`. */
  resumeArgument: string;
  /** Field of the event holding its cursor, e.g. `cursor`. */
  cursorField: string;
  /** Field of the event saying whether everyone may see it, e.g. `repositoryPublic`. */
  visibilityField: string;
  /** Query field `(audience) → { readable, public }` answered for the caller. */
  accessQuery: string;
  /** Subscription field emitting `{ <audienceArgument> }` when access facts changed. */
  changeSubscription: string;
}

/** GitForge's issues subgraph (issue 15 contract, shared/../notes/feeds-contract.md). */
export const GITFORGE_FEED_POLICIES: readonly FeedPolicy[] = [
  {
    field: 'issueEvents',
    audienceArgument: 'repository',
    resumeArgument: 'after',
    cursorField: 'cursor',
    visibilityField: 'repositoryPublic',
    accessQuery: 'issueEventsAccess',
    changeSubscription: 'repositoryAccessChanges',
  },
];

/**
 * Fields whose answer depends on who asks (`viewerPermission`, `viewerCanUpdate`): a
 * subscription selecting one is resolved on its own, with its own Authorization.
 */
export function isViewerDependentField(name: string): boolean {
  return /^viewer[A-Z]/.test(name);
}

/**
 * The policy for `field` if the supergraph really has what it needs (the resume argument, the
 * cursor and visibility fields, the access query and change subscription), else undefined: a
 * subgraph without them is served per Authorization, as safe as before.
 */
export function activePolicy(
  policies: readonly FeedPolicy[],
  field: string,
  supergraphSchema: GraphQLSchema,
): FeedPolicy | undefined {
  const policy = policies.find((p) => p.field === field);
  if (!policy) return undefined;
  const subscription = supergraphSchema.getSubscriptionType();
  const query = supergraphSchema.getQueryType();
  const root = subscription?.getFields()[policy.field];
  if (!root || !query || !subscription) return undefined;
  const args = new Set(root.args.map((a) => a.name));
  if (!args.has(policy.audienceArgument) || !args.has(policy.resumeArgument)) return undefined;
  const event = getNamedType(root.type);
  if (!isObjectType(event)) return undefined;
  const eventFields = (event as GraphQLObjectType).getFields();
  if (!eventFields[policy.cursorField] || !eventFields[policy.visibilityField]) return undefined;
  if (!query.getFields()[policy.accessQuery]) return undefined;
  if (!subscription.getFields()[policy.changeSubscription]) return undefined;
  return policy;
}
