import { join } from 'node:path';
import { DomainError } from '@gitforge/errors';
import type { Logger } from '@gitforge/logging';
import { BaselineStrategy } from './BaselineStrategy';
import { CheckpointingStrategy } from './CheckpointingStrategy';
import { HybridStrategy } from './HybridStrategy';
import { ReplicationStrategy } from './ReplicationStrategy';
import { SqlStrategy } from './SqlStrategy';
import type { Strategy } from './Strategy';
import type { StrategyConfig, StrategyEvents, StrategyKind } from './types';

export interface StrategyEnvironment {
  /** `$GITFORGE_DATA_DIR` (replica pid files go to its run/, data to resilience/). */
  dataDir: string;
  logger: Logger;
  events: StrategyEvents;
  replicaOrphanMs: number;
  sql?: { databaseUrl: string; poolMax: number; table: string };
  onSqlRetry?: (attempt: number, sqlState: string) => void;
}

/** Where an activation keeps its files: one directory per generation, removed when switched away. */
export const strategyDir = (dataDir: string, kind: StrategyKind, generation: string): string =>
  join(dataDir, 'resilience', `${kind.toLowerCase()}-${generation}`);

export function createStrategy(
  kind: StrategyKind,
  config: StrategyConfig,
  generation: string,
  env: StrategyEnvironment,
): Strategy {
  const dir = strategyDir(env.dataDir, kind, generation);
  const replication = {
    generation,
    dataDir: env.dataDir,
    orphanMs: env.replicaOrphanMs,
    logger: env.logger,
    events: env.events,
  };
  switch (kind) {
    case 'BASELINE':
      return new BaselineStrategy(config);
    case 'CHECKPOINTING':
      return new CheckpointingStrategy(config, dir, env.logger);
    case 'REPLICATION':
      return new ReplicationStrategy(config, replication);
    case 'HYBRID':
      return new HybridStrategy(config, { ...replication, dir });
    case 'SQL':
      if (!env.sql) {
        throw new DomainError('BAD_USER_INPUT', 'SQL needs DATABASE_URL to be set', 'kind');
      }
      return new SqlStrategy(config, { ...env.sql, onRetry: env.onSqlRetry });
  }
}
