import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { reviveReport, type RecoveryReport } from './RecoveryReport';

const KEEP = 50;

/** The most recent recovery reports, kept in a file so they outlive the process they describe. */
export class RecoveryHistory {
  private readonly path: string;
  private readonly reports: RecoveryReport[] = [];

  constructor(resilienceDir: string) {
    this.path = join(resilienceDir, 'recoveries.log');
    try {
      const lines = readFileSync(this.path, 'utf8').trim().split('\n').slice(-KEEP);
      for (const line of lines) {
        if (line) this.reports.push(reviveReport(JSON.parse(line) as Record<string, unknown>));
      }
    } catch {
      // none yet
    }
  }

  add(report: RecoveryReport): void {
    appendFileSync(this.path, `${JSON.stringify(report)}\n`);
    this.reports.push(report);
    if (this.reports.length > KEEP) this.reports.shift();
  }

  /** Newest first. */
  recent(limit: number): RecoveryReport[] {
    return this.reports.slice(-limit).reverse();
  }
}
