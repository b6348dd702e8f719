import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FaultKind, StrategyKind } from '../strategies/types';

export interface FaultRecord {
  fault: FaultKind;
  strategy: StrategyKind;
  node: number | null;
  at: string;
  pid: number;
  detail: string;
}

/**
 * Every injected fault, appended synchronously before the fault happens, so the restarted
 * process knows when its predecessor was killed (for fault-to-first-read time).
 */
export class FaultLog {
  private readonly path: string;
  private lastFault: FaultRecord | undefined;

  constructor(resilienceDir: string) {
    this.path = join(resilienceDir, 'faults.log');
    try {
      const lines = readFileSync(this.path, 'utf8').trim().split('\n');
      const last = lines.at(-1);
      if (last) this.lastFault = JSON.parse(last) as FaultRecord;
    } catch {
      this.lastFault = undefined;
    }
  }

  get last(): FaultRecord | undefined {
    return this.lastFault;
  }

  append(record: FaultRecord): void {
    appendFileSync(this.path, `${JSON.stringify(record)}\n`);
    this.lastFault = record;
  }
}
