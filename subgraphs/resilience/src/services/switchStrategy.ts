import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Strategy } from '../strategies/Strategy';
import type { StrategyConfig, StrategyKind } from '../strategies/types';
import type { StrategyRecord } from './StrategyRecordStore';

export const newGeneration = () => randomBytes(4).toString('hex');
const usesReplicas = (kind: StrategyKind) => kind === 'REPLICATION' || kind === 'HYBRID';

export interface StrategySwitch {
  from: StrategyKind;
  to: StrategyKind;
  config: StrategyConfig;
  keysMoved: number;
  durationMs: number;
}

/**
 * Moves the data from the active strategy into a new one. The new strategy holds everything
 * (durably, where it is durable) before the record names it, and the old one is destroyed
 * only after that, so a crash at any point leaves one complete copy that the record points at.
 * Two replica-based strategies cannot run their replica sets side by side (node numbers and
 * pid files are shared), so there the old set stops first and the data waits in memory.
 */
export async function switchStrategy(input: {
  from: Strategy;
  fromRecord: StrategyRecord;
  kind: StrategyKind;
  config: StrategyConfig;
  build: (record: StrategyRecord) => Strategy;
  saveRecord: (record: StrategyRecord) => Promise<void>;
}): Promise<{ strategy: Strategy; record: StrategyRecord; result: StrategySwitch }> {
  const { from, kind, config, build } = input;
  const started = performance.now();
  const data = await from.snapshot();
  const record: StrategyRecord = {
    kind,
    config,
    generation: newGeneration(),
    activatedAt: new Date().toISOString(),
  };
  const handOver = usesReplicas(from.kind) && usesReplicas(kind);
  if (handOver) await from.close({ destroyData: true });
  const next = build(record);
  try {
    await next.open();
    await next.load(data);
  } catch (err) {
    await next.close({ destroyData: true }).catch(() => undefined);
    if (handOver) {
      // Put the old strategy back together from the copy in memory.
      const restored = build(input.fromRecord);
      await restored.open();
      await restored.load(data);
      Object.assign(err as object, { restored });
    }
    throw err;
  }
  await input.saveRecord(record);
  if (!handOver) await from.close({ destroyData: true });
  return {
    strategy: next,
    record,
    result: {
      from: from.kind,
      to: kind,
      config,
      keysMoved: data.entries.size,
      durationMs: performance.now() - started,
    },
  };
}
