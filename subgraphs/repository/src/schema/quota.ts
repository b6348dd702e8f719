import { DomainError } from '@gitforge/errors';
import type { OwnerQuotaUsage } from '../services/quotaService';
import { builder } from './builder';
import { OrganizationRef, UserRef } from './refs';

/**
 * An owner's quota (issue 16). This subgraph adds the usage, computed from Gitea, to the entity
 * whose limits the issues subgraph owns (`maxRepositories`, `maxSizeBytes`, `setOwnerQuota`).
 * Sizes are Float: GraphQL's Int stops at 2 GiB.
 */
export const OwnerQuotaRef = builder.objectRef<OwnerQuotaUsage>('OwnerQuota').implement({
  description: "An owner's limits (the issues subgraph's) and usage (computed from Gitea)",
  fields: (t) => ({
    owner: t.exposeString('owner', { description: 'The user or organization, lower-case' }),
    repositoryCount: t.exposeInt('repositoryCount', {
      description: "The owner's repositories, private ones included",
    }),
    sizeBytes: t.exposeFloat('sizeBytes', {
      description: 'Their total size in bytes (Gitea counts KiB)',
    }),
  }),
});

builder.asEntity(OwnerQuotaRef, {
  key: builder.selection<{ owner: string }>('owner'),
  // setOwnerQuota's answer (site administrators only) reaches the usage through here.
  resolveReference: async (ref, ctx) => {
    const usage = await ctx.quota.visibleUsage(ref.owner);
    if (!usage) throw new DomainError('FORBIDDEN', `The quota of ${ref.owner} is not yours to see`);
    return usage;
  },
});

builder.objectField(UserRef, 'quota', (t) =>
  t.field({
    type: OwnerQuotaRef,
    nullable: true,
    description:
      "The user's repository quota and usage; null unless the viewer is that user or a site administrator (for an organization: one of its owners)",
    resolve: (user, _args, ctx) => ctx.quota.visibleUsage(user.login),
  }),
);

builder.objectField(OrganizationRef, 'quota', (t) =>
  t.field({
    type: OwnerQuotaRef,
    nullable: true,
    description:
      "The organization's repository quota and usage; null unless the viewer is one of its owners or a site administrator",
    resolve: (org, _args, ctx) => ctx.quota.visibleUsage(org.login),
  }),
);
