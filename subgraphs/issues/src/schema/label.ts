import type { Label } from '../db/entities';
import { builder } from './builder';

export const LabelRef = builder.objectRef<Label>('Label').implement({
  description: 'A repository label; created on first use by name',
  fields: (t) => ({
    name: t.exposeString('name'),
    color: t.exposeString('color', { description: 'Hex colour without "#"' }),
  }),
});

builder.queryField('labels', (t) =>
  t.field({
    type: [LabelRef],
    args: { repository: t.arg.string({ required: true }) },
    resolve: async (_root, args, ctx) => {
      await ctx.issues.requireReadable(ctx.viewer, args.repository);
      return ctx.issueQuery.labels(args.repository);
    },
  }),
);
