export interface CheckResult {
  name: string;
  ok: boolean;
  detail?: string;
}

export interface HealthReport {
  status: 'ok' | 'unavailable';
  checks: CheckResult[];
}

type Check = () => Promise<void>;

/**
 * Liveness says the process can answer; readiness runs every registered check
 * (database reachable, subgraphs up, ...) with a timeout each.
 */
export class HealthChecks {
  private readonly checks = new Map<string, Check>();
  private shuttingDown = false;

  constructor(private readonly timeoutMs = 2000) {}

  add(name: string, check: Check): void {
    this.checks.set(name, check);
  }

  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  live(): HealthReport {
    return { status: 'ok', checks: [] };
  }

  async ready(): Promise<HealthReport> {
    const results = await Promise.all(
      [...this.checks].map(async ([name, check]): Promise<CheckResult> => {
        try {
          await withTimeout(check(), this.timeoutMs);
          return { name, ok: true };
        } catch (err) {
          return { name, ok: false, detail: err instanceof Error ? err.message : String(err) };
        }
      }),
    );
    if (this.shuttingDown) results.push({ name: 'shutdown', ok: false, detail: 'shutting down' });
    return { status: results.every((r) => r.ok) ? 'ok' : 'unavailable', checks: results };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
