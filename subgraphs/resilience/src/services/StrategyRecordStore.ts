import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { atomicWriteFile } from '../storage/atomicWriteFile';
import type { StrategyConfig, StrategyKind } from '../strategies/types';

export interface StrategyRecord {
  kind: StrategyKind;
  config: StrategyConfig;
  /** Names this activation's files and replica set; a new one per switch. */
  generation: string;
  activatedAt: string;
}

/** The active strategy and its configuration, kept durably so a restarted process comes back with it. */
export class StrategyRecordStore {
  private readonly path: string;

  constructor(resilienceDir: string) {
    this.path = join(resilienceDir, 'strategy.json');
  }

  load(): StrategyRecord | undefined {
    try {
      return JSON.parse(readFileSync(this.path, 'utf8')) as StrategyRecord;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  save(record: StrategyRecord): Promise<void> {
    return atomicWriteFile(this.path, JSON.stringify(record, null, 2));
  }
}
