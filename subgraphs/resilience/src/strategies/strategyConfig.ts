import { DomainError } from '@gitforge/errors';
import type { StrategyConfig, StrategyKind } from './types';

/** Defaults per strategy (the fields a strategy does not use keep these values too). */
export function defaultConfig(kind: StrategyKind): StrategyConfig {
  return {
    fsync: kind === 'HYBRID' ? 'GROUP' : 'ALWAYS',
    snapshotEveryWrites: 10_000,
    snapshotIntervalMs: 5_000,
    replicas: 3,
    quorum: 'MAJORITY',
    replicaTimeoutMs: 2_000,
  };
}

const limits: Record<
  'snapshotEveryWrites' | 'snapshotIntervalMs' | 'replicas' | 'replicaTimeoutMs',
  [number, number]
> = {
  snapshotEveryWrites: [10, 10_000_000],
  snapshotIntervalMs: [100, 3_600_000],
  replicas: [1, 9],
  replicaTimeoutMs: [50, 60_000],
};

/** Fills in defaults and rejects out-of-range numbers with BAD_USER_INPUT naming the field. */
export function resolveConfig(
  kind: StrategyKind,
  input: Partial<{ [K in keyof StrategyConfig]: StrategyConfig[K] | null }> = {},
): StrategyConfig {
  const config = defaultConfig(kind);
  for (const [field, value] of Object.entries(input)) {
    if (value === null || value === undefined) continue;
    if (field in limits) {
      const [min, max] = limits[field as keyof typeof limits];
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
        throw new DomainError(
          'BAD_USER_INPUT',
          `config.${field}: must be an integer in ${min}..${max}`,
          `config.${field}`,
        );
      }
    }
    (config as unknown as Record<string, unknown>)[field] = value;
  }
  return config;
}
