import { DomainError } from '@gitforge/errors';
import type { OwnerLimits } from '../quota/quotaStore';
import { builder } from './builder';

/**
 * An owner's quota (issue 16). This subgraph owns the limits; the repository subgraph adds the
 * usage (`repositoryCount`, `sizeBytes`, computed from Gitea) to the same entity and decides who
 * may see it (`User.quota`, `Organization.quota`). Sizes are Float: GraphQL's Int stops at 2 GiB.
 */
export const OwnerQuotaRef = builder.objectRef<OwnerLimits>('OwnerQuota').implement({
  description: "An owner's limits (set here) and usage (the repository subgraph's)",
  fields: (t) => ({
    owner: t.exposeString('owner', { description: 'The user or organization, lower-case' }),
    maxRepositories: t.exposeInt('maxRepositories', {
      description: 'Repositories the owner may have (QUOTA_MAX_REPOSITORIES unless overridden)',
    }),
    maxSizeBytes: t.exposeFloat('maxSizeBytes', {
      description: 'Total size of its repositories, bytes (QUOTA_MAX_SIZE_BYTES unless overridden)',
    }),
  }),
});

builder.asEntity(OwnerQuotaRef, {
  key: builder.selection<{ owner: string }>('owner'),
  // Reached through User.quota / Organization.quota, which decide who may see a quota; the
  // limits alone are no secret, but never to anonymous callers.
  resolveReference: (ref, ctx) => {
    if (!ctx.viewer) throw new DomainError('UNAUTHENTICATED', 'Sign in first');
    return ctx.quotas.limits(ref.owner);
  },
});

const SetOwnerQuotaInput = builder.inputType('SetOwnerQuotaInput', {
  fields: (t) => ({
    owner: t.string({ required: true, description: 'A user or organization login' }),
    maxRepositories: t.int({ description: 'Omitted: unchanged' }),
    maxSizeBytes: t.float({ description: 'Omitted: unchanged' }),
  }),
});

builder.mutationFields((t) => ({
  setOwnerQuota: t.field({
    type: OwnerQuotaRef,
    description: "Overrides an owner's limits; site administrators only",
    args: { input: t.arg({ type: SetOwnerQuotaInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.quotas.setOwnerQuota(ctx.viewer, input),
  }),
  resetOwnerQuota: t.field({
    type: OwnerQuotaRef,
    description: "Puts an owner's limits back to the defaults; site administrators only",
    args: { owner: t.arg.string({ required: true }) },
    resolve: (_root, { owner }, ctx) => ctx.quotas.resetOwnerQuota(ctx.viewer, owner),
  }),
}));
