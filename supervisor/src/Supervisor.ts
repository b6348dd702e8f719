import type { Logger } from '@gitforge/logging';
import { isReady } from './isReady';
import { childEnv, type ServicePlan } from './planServices';
import type { BackoffPolicy } from './restartBackoff';
import { stages } from './serviceCatalog';
import { ServiceProcess, type TextOutput } from './ServiceProcess';
import { waitUntil } from './waitUntil';

export interface SupervisorOptions {
  plan: ServicePlan;
  rootDir: string;
  runDir: string;
  baseEnv: NodeJS.ProcessEnv;
  logger: Logger;
  policy: BackoffPolicy;
  stdout: TextOutput;
  stderr: TextOutput;
  /** Preloaded into every service (see ServiceProcessOptions.preload). */
  preload?: string;
  /** How long a stage may take to become ready before the next one starts anyway. */
  stageTimeoutMs: number;
}

const PROBE_INTERVAL_MS = 100;

/** Starts the planned services stage by stage and stops them in reverse. */
export class Supervisor {
  private readonly processes: ServiceProcess[];
  private readonly stopping = new AbortController();

  constructor(private readonly options: SupervisorOptions) {
    const { plan } = options;
    this.processes = plan.services.map(
      (service) =>
        new ServiceProcess({
          service,
          env: childEnv(options.baseEnv, plan, service),
          cwd: options.rootDir,
          runDir: options.runDir,
          logger: options.logger,
          policy: options.policy,
          stdout: options.stdout,
          stderr: options.stderr,
          preload: options.preload,
          reportCrashLoop: (report) => options.stderr.write(`${report}\n`),
        }),
    );
  }

  get pids(): number[] {
    return this.processes.flatMap((p) => (p.pid === undefined ? [] : [p.pid]));
  }

  /**
   * Each stage waits until the previous one is ready (devdb accepting connections before the
   * subgraphs, the subgraphs answering before the gateway composes them).
   */
  async start(): Promise<void> {
    const { plan, logger, stageTimeoutMs } = this.options;
    for (const stage of stages) {
      const services = plan.services.filter((s) => s.stage === stage).map((s) => s.name);
      if (services.length === 0) continue;
      if (this.stopping.signal.aborted) return;
      for (const p of this.processes) if (services.includes(p.name)) p.start();
      if (stage === stages[stages.length - 1]) return;
      const ready = await waitUntil(
        async () => (await Promise.all(services.map((name) => this.isReady(name)))).every(Boolean),
        { intervalMs: PROBE_INTERVAL_MS, timeoutMs: stageTimeoutMs, signal: this.stopping.signal },
      );
      if (!ready && !this.stopping.signal.aborted) {
        logger.warn(
          { stage, services, waitedMs: stageTimeoutMs },
          `${services.join(', ')} not ready after ${stageTimeoutMs} ms; starting the next services anyway`,
        );
      }
    }
  }

  /** Resolves true once `name` is ready, false if GitForge stops first. */
  waitUntilReady(name: string, onStillWaiting: (waitedMs: number) => void): Promise<boolean> {
    return waitUntil(() => this.isReady(name), {
      intervalMs: PROBE_INTERVAL_MS,
      signal: this.stopping.signal,
      reportEveryMs: 30_000,
      onStillWaiting,
    });
  }

  /** Reverse start order: the gateway first (no new requests), the database last. */
  async stop(graceMs: number): Promise<void> {
    this.stopping.abort();
    for (const p of this.processes) p.preventRestarts();
    const byStage = [...stages].reverse();
    for (const stage of byStage) {
      const names = new Set(
        this.options.plan.services.filter((s) => s.stage === stage).map((s) => s.name),
      );
      const inStage = this.processes.filter((p) => names.has(p.name)).reverse();
      await Promise.all(inStage.map((p) => p.stop(graceMs)));
    }
  }

  /** SIGKILL to every service still running (and its process group). */
  killAll(): void {
    this.stopping.abort();
    for (const p of this.processes) p.kill();
  }

  private async isReady(name: string): Promise<boolean> {
    const service = this.options.plan.services.find((s) => s.name === name);
    return service ? isReady(service.readiness, service.probeHost, service.port) : false;
  }
}
