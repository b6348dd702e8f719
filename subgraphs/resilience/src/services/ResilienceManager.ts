import type { DatabasePoolSample } from '@gitforge/metrics';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '@gitforge/errors';
import type { Logger } from '@gitforge/logging';
import type { PubSub } from '@gitforge/pubsub';
import { createStrategy, type StrategyEnvironment } from '../strategies/createStrategy';
import { SqlStrategy } from '../strategies/SqlStrategy';
import type { Strategy } from '../strategies/Strategy';
import { defaultConfig, resolveConfig } from '../strategies/strategyConfig';
import type {
  FaultKind,
  ReplicaInfo,
  StrategyConfig,
  StrategyKind,
  WriteOp,
} from '../strategies/types';
import { AckLedger } from './AckLedger';
import { performFault, type FaultInjection } from './performFault';
import { EventPublisher, type EventInput } from './EventPublisher';
import { FaultLog } from './FaultLog';
import { LatencyStats } from './LatencyStats';
import { OperationGate } from './OperationGate';
import { RecoveryHistory } from './RecoveryHistory';
import type { RecoveryReport } from './RecoveryReport';
import { recoverStrategy } from './recoverStrategy';
import type { ResilienceMetrics } from './resilienceMetrics';
import { removeStaleStrategyDirs } from './removeStaleStrategyDirs';
import { StrategyRecordStore, type StrategyRecord } from './StrategyRecordStore';
import { newGeneration, switchStrategy, type StrategySwitch } from './switchStrategy';
import { validateEntries, validateKey, validateKeys } from './validation';

export type { FaultInjection } from './performFault';
export type ServiceState = 'SERVING' | 'RECOVERY_PENDING' | 'RECOVERING' | 'SWITCHING';

export interface ResilienceManagerOptions {
  /** Absolute `$GITFORGE_DATA_DIR`. */
  dataDir: string;
  logger: Logger;
  pubsub: PubSub;
  metrics: ResilienceMetrics;
  replicaOrphanMs: number;
  sql?: StrategyEnvironment['sql'];
  recoverOnStart: boolean;
}

/**
 * The one manager per process (the seed's FaultToleranceManager): owns the active strategy,
 * sequences writes, switches strategies without losing data, injects faults, runs recoveries
 * and keeps the acknowledgement ledger that loss is counted against.
 */
export class ResilienceManager {
  state: ServiceState = 'SERVING';
  writesTotal = 0;
  readsTotal = 0;
  readonly latency = new LatencyStats();
  private seq: number;
  private readonly gate = new OperationGate();
  private readonly events: EventPublisher;

  private constructor(
    private readonly options: ResilienceManagerOptions,
    private readonly records: StrategyRecordStore,
    readonly ledger: AckLedger,
    readonly faults: FaultLog,
    readonly history: RecoveryHistory,
    private record: StrategyRecord,
    private strategy: Strategy = undefined as never,
  ) {
    this.seq = ledger.highestSeq;
    this.events = new EventPublisher(options.pubsub, options.logger, () => this.record.kind);
  }

  static async start(options: ResilienceManagerOptions): Promise<ResilienceManager> {
    const dir = join(options.dataDir, 'resilience');
    mkdirSync(dir, { recursive: true });
    const records = new StrategyRecordStore(dir);
    const existing = records.load();
    const record: StrategyRecord = existing ?? {
      kind: 'BASELINE',
      config: defaultConfig('BASELINE'),
      generation: newGeneration(),
      activatedAt: new Date().toISOString(),
    };
    const ledger = await AckLedger.open(join(dir, 'ledger'));
    const manager = new ResilienceManager(
      options,
      records,
      ledger,
      new FaultLog(dir),
      new RecoveryHistory(dir),
      record,
    );
    await removeStaleStrategyDirs(dir, record);
    manager.strategy = manager.build(record);
    await manager.strategy.open();
    if (!existing) {
      await manager.strategy.load({ entries: new Map(), lastSeq: manager.seq });
      await records.save(record);
    } else {
      // A restarted process comes back with the strategy but not its data: `recover` brings it.
      manager.state = 'RECOVERY_PENDING';
      if (options.recoverOnStart) await manager.recover();
    }
    options.logger.info({ strategy: record.kind, state: manager.state }, 'resilience manager up');
    return manager;
  }

  get active(): { kind: StrategyKind; config: StrategyConfig; activatedAt: Date } {
    return { ...this.record, activatedAt: new Date(this.record.activatedAt) };
  }

  get lastSeq(): number {
    return this.seq;
  }

  store(entries: { key: string; value: string }[]): Promise<number> {
    validateEntries(entries);
    return this.write(entries.map((e) => ({ type: 'put', key: e.key, value: e.value, seq: 0 })));
  }

  delete(key: string): Promise<number> {
    validateKey(key);
    return this.write([{ type: 'delete', key, seq: 0 }]);
  }

  /** The database pool of the active strategy: only SQL holds one. */
  databaseConnections(): DatabasePoolSample {
    return this.strategy instanceof SqlStrategy
      ? this.strategy.poolConnections()
      : { used: 0, idle: 0 };
  }

  async values(keys: string[]): Promise<(string | undefined)[]> {
    validateKeys(keys);
    return this.gate.shared(async () => {
      this.requireServing();
      const values = await Promise.all(keys.map((key) => this.strategy.retrieve(key)));
      this.readsTotal += keys.length;
      return values;
    });
  }

  switchStrategy(
    kind: StrategyKind,
    input: Partial<{ [K in keyof StrategyConfig]: StrategyConfig[K] | null }> = {},
  ): Promise<StrategySwitch> {
    const config = resolveConfig(kind, input);
    return this.gate.exclusive(async () => {
      this.requireServing('switch strategies');
      this.state = 'SWITCHING';
      try {
        const switched = await switchStrategy({
          from: this.strategy,
          fromRecord: this.record,
          kind,
          config,
          build: (record) => this.build(record),
          saveRecord: (record) => this.records.save(record),
        });
        this.strategy = switched.strategy;
        this.record = switched.record;
        this.events.forgetReplicas();
        const { from, keysMoved, durationMs } = switched.result;
        this.publish({ kind: 'STRATEGY_SWITCHED', from, config, keysMoved, durationMs });
        return switched.result;
      } catch (err) {
        const restored = (err as { restored?: Strategy }).restored;
        if (restored) this.strategy = restored;
        throw err;
      } finally {
        this.state = 'SERVING';
      }
    });
  }

  injectFailure(fault: FaultKind, node: number | null): Promise<FaultInjection> {
    return this.gate.exclusive(async () => {
      const strategy = this.strategy.kind;
      const injection = await performFault(this.strategy, fault, node);
      if (injection.needsRecovery) this.state = 'RECOVERY_PENDING';
      this.faults.append({
        fault,
        strategy,
        node,
        at: injection.at.toISOString(),
        pid: process.pid,
        detail: injection.detail,
      });
      this.options.metrics.faults.inc({ strategy, fault });
      this.publish({ kind: 'FAULT_INJECTED', fault, node, detail: injection.detail });
      return injection;
    });
  }

  recover(): Promise<RecoveryReport> {
    return this.gate.exclusive(async () => {
      const previous = this.history.recent(1)[0];
      const lastFault = this.faults.last;
      const fault =
        lastFault && (!previous || Date.parse(lastFault.at) > previous.completedAt.getTime())
          ? lastFault
          : undefined;
      this.state = 'RECOVERING';
      this.publish({ kind: 'RECOVERY_STARTED', fault: fault?.fault ?? null });
      try {
        const report = await recoverStrategy({
          strategy: this.strategy,
          config: this.record.config,
          ledger: this.ledger,
          fault,
        });
        this.seq = Math.max(this.seq, report.lastSeq);
        this.history.add(report);
        const { metrics } = this.options;
        metrics.recoveryRto.observe(
          { strategy: report.strategy, source: report.source },
          report.rtoMs / 1000,
        );
        metrics.lostWrites.inc({ strategy: report.strategy }, report.acknowledgedWritesLost);
        metrics.recoveries.inc({ strategy: report.strategy, outcome: 'succeeded' });
        this.state = 'SERVING';
        this.publish({ kind: 'RECOVERY_COMPLETED', report });
        return report;
      } catch (err) {
        this.state = 'RECOVERY_PENDING';
        this.options.metrics.recoveries.inc({ strategy: this.strategy.kind, outcome: 'failed' });
        if (err instanceof DomainError) throw err;
        this.options.logger.error({ err }, 'recovery failed');
        throw new DomainError('UPSTREAM_UNAVAILABLE', `Recovery failed: ${String(err)}`);
      }
    });
  }

  /** Empties the workload (strategy and ledger) so each experiment trial starts alike. */
  resetWorkload(): Promise<number> {
    return this.gate.exclusive(async () => {
      this.requireServing('reset the workload');
      const removed = (await this.strategy.describe()).keys;
      await this.strategy.load({ entries: new Map(), lastSeq: this.seq });
      await this.ledger.rebase(new Map(), this.seq);
      return removed;
    });
  }

  describe() {
    return this.strategy.describe().catch(() => ({ keys: 0, replicas: [], checkpoint: null }));
  }

  async close(): Promise<void> {
    await this.gate.exclusive(async () => {
      await this.strategy.close({ destroyData: false });
      await this.ledger.close();
    });
  }

  private async write(ops: WriteOp[]): Promise<number> {
    return this.gate.shared(async () => {
      this.requireServing();
      // Sequence numbers are taken and handed to the strategy in one tick: strategy order = seq order.
      for (const op of ops) op.seq = ++this.seq;
      const strategy = this.strategy;
      const started = performance.now();
      await strategy.store(ops);
      const ms = performance.now() - started;
      this.latency.record(strategy.kind, ms, ops.length);
      this.options.metrics.writeDuration.observe({ strategy: strategy.kind }, ms / 1000);
      this.options.metrics.writes.inc({ strategy: strategy.kind }, ops.length);
      await this.ledger.record(ops);
      this.writesTotal += ops.length;
      return this.seq;
    });
  }

  private requireServing(action = 'read or write'): void {
    if (this.state === 'RECOVERY_PENDING') {
      const fault = this.faults.last?.fault;
      throw new DomainError(
        action === 'read or write' ? 'UPSTREAM_UNAVAILABLE' : 'CONFLICT',
        `Cannot ${action}: the ${this.record.kind} strategy lost its state${fault ? ` (${fault})` : ''}; call recover`,
      );
    }
  }

  private build(record: StrategyRecord): Strategy {
    return createStrategy(record.kind, record.config, record.generation, {
      dataDir: this.options.dataDir,
      logger: this.options.logger,
      replicaOrphanMs: this.options.replicaOrphanMs,
      sql: this.options.sql,
      events: { replicaChanged: (replica) => this.replicaChanged(replica) },
    });
  }

  private replicaChanged(replica: ReplicaInfo): void {
    this.events.replicaChanged(replica);
    void this.strategy?.describe().then((d) => {
      this.options.metrics.replicasInSync.set(
        d.replicas.filter((r) => r.state === 'IN_SYNC').length,
      );
    });
  }

  private publish(event: EventInput): void {
    this.events.publish(event);
  }
}
