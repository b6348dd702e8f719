import type { DatabasePoolSample } from '@gitforge/metrics';
import { Pool } from 'pg';
import { withSerializableTransaction } from '../db/withSerializableTransaction';
import { notApplicable } from './notApplicable';
import type { Strategy } from './Strategy';
import {
  emptyOutcome,
  type FaultEffect,
  type FaultKind,
  type RecoveryOutcome,
  type StateSnapshot,
  type StrategyConfig,
  type StrategyDescription,
  type WriteOp,
} from './types';

export interface SqlDeps {
  databaseUrl: string;
  poolMax: number;
  /** Validated identifier (RESILIENCE_SQL_TABLE). */
  table: string;
  onRetry?: (attempt: number, sqlState: string) => void;
}

const LOAD_BATCH = 1000;

/**
 * The production engine as the reference column: the same workload in PostgreSQL or
 * CockroachDB, each write one SERIALIZABLE transaction (retried on 40001). Nothing lives in
 * the process, so recovery is reconnecting.
 */
export class SqlStrategy implements Strategy {
  readonly kind = 'SQL' as const;
  private pool: Pool | undefined;

  constructor(
    readonly config: StrategyConfig,
    private readonly deps: SqlDeps,
  ) {}

  async open(): Promise<void> {
    const pool = this.connect();
    await pool.query(
      `create table if not exists ${this.deps.table} (key text primary key, value text not null, seq bigint not null)`,
    );
  }

  async store(ops: WriteOp[]): Promise<void> {
    // Last write per key wins inside one statement (ON CONFLICT may touch a row only once).
    const last = new Map<string, WriteOp>();
    for (const op of ops) last.set(op.key, op);
    const puts = [...last.values()].filter((op) => op.type === 'put');
    const deletes = [...last.values()].filter((op) => op.type === 'delete').map((op) => op.key);
    await withSerializableTransaction(
      this.requirePool(),
      async (client) => {
        if (puts.length > 0) {
          await client.query(
            `insert into ${this.deps.table} (key, value, seq)
             select * from unnest($1::text[], $2::text[], $3::bigint[])
             on conflict (key) do update set value = excluded.value, seq = excluded.seq`,
            [puts.map((p) => p.key), puts.map((p) => p.value), puts.map((p) => p.seq)],
          );
        }
        if (deletes.length > 0) {
          await client.query(`delete from ${this.deps.table} where key = any($1::text[])`, [
            deletes,
          ]);
        }
      },
      { onRetry: this.deps.onRetry },
    );
  }

  async retrieve(key: string): Promise<string | undefined> {
    const result = await this.requirePool().query<{ value: string }>(
      `select value from ${this.deps.table} where key = $1`,
      [key],
    );
    return result.rows[0]?.value;
  }

  async recover(): Promise<RecoveryOutcome> {
    const pool = this.connect();
    const result = await pool.query<{ keys: string; seq: string }>(
      `select count(*) as keys, coalesce(max(seq), 0) as seq from ${this.deps.table}`,
    );
    const outcome = emptyOutcome('DATABASE', Number(result.rows[0]?.seq ?? 0));
    outcome.notes.push(`reconnected; ${result.rows[0]?.keys ?? 0} rows in ${this.deps.table}`);
    return outcome;
  }

  async snapshot(): Promise<StateSnapshot> {
    const result = await this.requirePool().query<{ key: string; value: string; seq: string }>(
      `select key, value, seq from ${this.deps.table}`,
    );
    let lastSeq = 0;
    const entries = new Map<string, string>();
    for (const row of result.rows) {
      entries.set(row.key, row.value);
      lastSeq = Math.max(lastSeq, Number(row.seq));
    }
    return { entries, lastSeq };
  }

  async load(state: StateSnapshot): Promise<void> {
    const rows = [...state.entries];
    await withSerializableTransaction(this.requirePool(), async (client) => {
      await client.query(`delete from ${this.deps.table}`);
      for (let i = 0; i < rows.length; i += LOAD_BATCH) {
        const batch = rows.slice(i, i + LOAD_BATCH);
        await client.query(
          `insert into ${this.deps.table} (key, value, seq)
           select k, v, $3::bigint from unnest($1::text[], $2::text[]) as t(k, v)`,
          [batch.map(([k]) => k), batch.map(([, v]) => v), state.lastSeq],
        );
      }
    });
  }

  async injectFault(fault: FaultKind): Promise<FaultEffect> {
    if (fault !== 'MEMORY_WIPE') throw notApplicable(fault, this.kind);
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end();
    return { detail: 'closed every database connection', needsRecovery: true };
  }

  async describe(): Promise<StrategyDescription> {
    const pool = this.pool;
    if (!pool) return { keys: 0, replicas: [], checkpoint: null };
    const result = await pool.query<{ keys: string }>(
      `select count(*) as keys from ${this.deps.table}`,
    );
    return { keys: Number(result.rows[0]?.keys ?? 0), replicas: [], checkpoint: null };
  }

  /** Connections of the pool (none while the strategy is closed), for `database_connections`. */
  poolConnections(): DatabasePoolSample {
    const pool = this.pool;
    return pool
      ? {
          used: pool.totalCount - pool.idleCount,
          idle: pool.idleCount,
          max: pool.options.max,
          waiting: pool.waitingCount,
        }
      : { used: 0, idle: 0 };
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end();
  }

  private connect(): Pool {
    if (!this.pool) {
      this.pool = new Pool({ connectionString: this.deps.databaseUrl, max: this.deps.poolMax });
      // An idle connection dropped by the server must not crash the process; the next query reconnects.
      this.pool.on('error', () => undefined);
    }
    return this.pool;
  }

  private requirePool(): Pool {
    if (!this.pool) throw new Error('database connections are closed');
    return this.pool;
  }
}
