import type { StrategyKind } from '../strategies/types';
import { builder } from './builder';
import { StrategyKindEnum } from './enums';
import { requireSiteAdmin } from './requireSiteAdmin';

interface Entry {
  key: string;
  value: string;
  strategy: StrategyKind;
}

export const KvEntryRef = builder.objectRef<Entry>('KvEntry').implement({
  description: 'A key/value pair of the research workload',
  fields: (t) => ({
    key: t.exposeString('key'),
    value: t.exposeString('value'),
    strategy: t.field({
      type: StrategyKindEnum,
      description: 'The strategy that served it',
      resolve: (e) => e.strategy,
    }),
  }),
});

const StoreBatchResult = builder
  .objectRef<{ count: number; lastSeq: number; strategy: StrategyKind }>('StoreBatchResult')
  .implement({
    fields: (t) => ({
      count: t.exposeInt('count'),
      lastSeq: t.exposeInt('lastSeq', { description: 'Sequence number of the last write' }),
      strategy: t.field({ type: StrategyKindEnum, resolve: (r) => r.strategy }),
    }),
  });

const KvInput = builder.inputType('KvInput', {
  fields: (t) => ({
    key: t.string({ required: true }),
    value: t.string({ required: true }),
  }),
});

builder.queryFields((t) => ({
  value: t.field({
    type: KvEntryRef,
    nullable: true,
    description:
      'Reads through the active strategy; null when the key is absent. Open to anonymous callers.',
    args: { key: t.arg.string({ required: true }) },
    resolve: async (_root, { key }, ctx) => {
      const [value] = await ctx.manager.values([key]);
      return value === undefined ? null : { key, value, strategy: ctx.manager.active.kind };
    },
  }),
  values: t.field({
    type: [KvEntryRef],
    nullable: { list: false, items: true },
    description:
      'Up to 1000 keys in one read (experiments verify with it); null items are absent keys',
    args: { keys: t.arg.stringList({ required: true }) },
    resolve: async (_root, { keys }, ctx) => {
      const values = await ctx.manager.values(keys);
      const strategy = ctx.manager.active.kind;
      return values.map((value, i) =>
        value === undefined ? null : { key: keys[i]!, value, strategy },
      );
    },
  }),
}));

builder.mutationFields((t) => ({
  store: t.field({
    type: KvEntryRef,
    description:
      'Returns once the active strategy acknowledges the write (and the ledger holds it). Site administrators only',
    args: { key: t.arg.string({ required: true }), value: t.arg.string({ required: true }) },
    resolve: async (_root, { key, value }, ctx) => {
      requireSiteAdmin(ctx, 'write to the workload');
      await ctx.manager.store([{ key, value }]);
      return { key, value, strategy: ctx.manager.active.kind };
    },
  }),
  storeBatch: t.field({
    type: StoreBatchResult,
    description: '1..1000 writes acknowledged together. Site administrators only',
    args: { entries: t.arg({ type: [KvInput], required: true }) },
    resolve: async (_root, { entries }, ctx) => {
      requireSiteAdmin(ctx, 'write to the workload');
      const lastSeq = await ctx.manager.store(entries);
      return { count: entries.length, lastSeq, strategy: ctx.manager.active.kind };
    },
  }),
  delete: t.boolean({
    description:
      'True once the delete is acknowledged (also when the key was absent). Site administrators only',
    args: { key: t.arg.string({ required: true }) },
    resolve: async (_root, { key }, ctx) => {
      requireSiteAdmin(ctx, 'write to the workload');
      await ctx.manager.delete(key);
      return true;
    },
  }),
}));
