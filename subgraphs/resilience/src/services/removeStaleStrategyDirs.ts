import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { StrategyRecord } from './StrategyRecordStore';

const STRATEGY_DIR = /^(checkpointing|hybrid)-[0-9a-f]+$/;

/** Files of activations that are no longer active (a crash in the middle of a switch leaves them). */
export async function removeStaleStrategyDirs(
  resilienceDir: string,
  active: StrategyRecord,
): Promise<void> {
  const current = `${active.kind.toLowerCase()}-${active.generation}`;
  for (const name of await readdir(resilienceDir)) {
    if (STRATEGY_DIR.test(name) && name !== current) {
      await rm(join(resilienceDir, name), { recursive: true, force: true });
    }
  }
}
