import type { Label } from '../db/entities';
import { builder } from './builder';
import { requireReadable } from './readable';

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
      await requireReadable(ctx, args.repository);
      return ctx.issueQuery.labels(args.repository);
    },
  }),
);
