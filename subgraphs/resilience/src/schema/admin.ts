import type { FaultInjection } from '../services/ResilienceManager';
import type { StrategySwitch } from '../services/switchStrategy';
import { builder } from './builder';
import { StrategyConfigInput, StrategyConfigRef } from './config';
import { FaultKindEnum, StrategyKindEnum } from './enums';
import { RecoveryReportRef } from './recoveryReport';
import { requireSiteAdmin } from './requireSiteAdmin';

const StrategySwitchRef = builder.objectRef<StrategySwitch>('StrategySwitch').implement({
  fields: (t) => ({
    from: t.field({ type: StrategyKindEnum, resolve: (s) => s.from }),
    to: t.field({ type: StrategyKindEnum, resolve: (s) => s.to }),
    config: t.field({ type: StrategyConfigRef, resolve: (s) => s.config }),
    keysMoved: t.exposeInt('keysMoved'),
    durationMs: t.exposeFloat('durationMs'),
  }),
});

const FaultInjectionRef = builder.objectRef<FaultInjection>('FaultInjection').implement({
  fields: (t) => ({
    fault: t.field({ type: FaultKindEnum, resolve: (f) => f.fault }),
    node: t.exposeInt('node', { nullable: true }),
    at: t.expose('at', { type: 'DateTime' }),
    detail: t.exposeString('detail'),
    needsRecovery: t.exposeBoolean('needsRecovery', {
      description: 'Reads and writes wait for recover from now on',
    }),
  }),
});

builder.mutationFields((t) => ({
  switchStrategy: t.field({
    type: StrategySwitchRef,
    description:
      'Moves every stored key into the new strategy before it becomes active; kept across restarts. Site administrators only',
    args: {
      kind: t.arg({ type: StrategyKindEnum, required: true }),
      config: t.arg({ type: StrategyConfigInput }),
    },
    resolve: (_root, args, ctx) => {
      requireSiteAdmin(ctx, 'switch strategies');
      return ctx.manager.switchStrategy(args.kind, args.config ?? {});
    },
  }),
  injectFailure: t.field({
    type: FaultInjectionRef,
    description:
      'A real fault: PROCESS_CRASH SIGKILLs this process after the response. Site administrators only',
    args: {
      fault: t.arg({ type: FaultKindEnum, required: true }),
      node: t.arg.int({ description: 'REPLICA_CRASH: the replica (1..N); random when omitted' }),
    },
    resolve: async (_root, args, ctx) => {
      requireSiteAdmin(ctx, 'inject faults');
      const injection = await ctx.manager.injectFailure(args.fault, args.node ?? null);
      if (injection.crash) ctx.afterResponse(injection.crash);
      return injection;
    },
  }),
  recover: t.field({
    type: RecoveryReportRef,
    description:
      'Recovers through the active strategy and reports RTO and counted loss. Site administrators only',
    resolve: (_root, _args, ctx) => {
      requireSiteAdmin(ctx, 'run a recovery');
      return ctx.manager.recover();
    },
  }),
  resetWorkload: t.int({
    description:
      'Removes every key (and the ledger entries); returns how many keys there were. Site administrators only',
    resolve: (_root, _args, ctx) => {
      requireSiteAdmin(ctx, 'reset the workload');
      return ctx.manager.resetWorkload();
    },
  }),
}));
