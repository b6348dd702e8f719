/**
 * The load generator of the subscription benchmark: the subscribers spread over a few child
 * processes (clientProcess.ts), so that 10,000 sockets are not one event loop and the bench's
 * own process stays free to send mutations and take their send times.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type {
  ClientData,
  ClientSpec,
  FleetCommand,
  FleetReport,
  ProgressReport,
} from './clientProtocol';
import { raiseOpenFiles } from './openFiles';

export interface FleetOptions {
  url: string;
  query: string;
  withCursor: boolean;
  processes: number;
  concurrency: number;
}

export class ClientFleet {
  private readonly children: ChildProcess[] = [];
  private readonly progress: ProgressReport[] = [];
  private readonly waiting: ((report: FleetReport) => void)[][] = [];
  private failure?: Error;
  private stopped = false;
  private drops = 0;

  constructor(
    readonly specs: readonly ClientSpec[],
    private readonly options: FleetOptions,
  ) {}

  get pids(): number[] {
    return this.children.map((c) => c.pid!).filter((pid) => pid !== undefined);
  }

  /** Forks the processes and has them open every subscription (without waiting for it). */
  start(): void {
    const count = Math.max(1, Math.min(this.options.processes, this.specs.length));
    const per = Math.ceil(this.specs.length / count);
    for (let i = 0; i < count; i += 1) {
      const slice = this.specs.slice(i * per, (i + 1) * per);
      const child = fork(join(__dirname, 'clientProcess.ts'), [], {
        execArgv: ['-r', '@swc-node/register'],
        serialization: 'advanced',
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      const index = this.children.length;
      this.children.push(child);
      this.progress.push({
        type: 'progress',
        drops: 0,
        delivered: 0,
        subscribed: 0,
        resumed: 0,
        errors: 0,
        failed: 0,
      });
      this.waiting.push([]);
      raiseOpenFiles(child.pid!, slice.length + 100);
      child.on('message', (report: FleetReport) => {
        if (report.type === 'progress') this.progress[index] = report;
        else if (report.type === 'fatal') this.failure = new Error(report.message);
        else this.waiting[index]!.shift()?.(report);
      });
      child.on('exit', (code, signal) => {
        if (!this.stopped) this.failure = new Error(`client process exited (${code ?? signal})`);
      });
      this.command(index, {
        type: 'init',
        url: this.options.url,
        query: this.options.query,
        withCursor: this.options.withCursor,
        concurrency: this.options.concurrency,
        clients: slice,
      });
    }
  }

  /**
   * The sum of every process's last progress report; until a process reported after the latest
   * drop, none of its subscribers counts as subscribed or resumed.
   */
  total(): Omit<ProgressReport, 'type' | 'drops'> {
    const sum = { delivered: 0, subscribed: 0, resumed: 0, errors: 0, failed: 0 };
    for (const p of this.progress) {
      const current = p.drops === this.drops;
      sum.delivered += p.delivered;
      sum.subscribed += current ? p.subscribed : 0;
      sum.resumed += current ? p.resumed : 0;
      sum.errors += p.errors;
      sum.failed += p.failed;
    }
    return sum;
  }

  /** Waits until `check` holds for the progress (polled); false when `timeoutMs` passed. */
  async until(
    check: (p: ReturnType<ClientFleet['total']>) => boolean,
    timeoutMs: number,
  ): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      if (this.failure) throw this.failure;
      if (check(this.total())) return true;
      if (performance.now() > deadline) return false;
      await sleep(5);
    }
  }

  drop(stormFirst: number[]): void {
    this.drops += 1;
    this.children.forEach((_, i) => this.command(i, { type: 'drop', stormFirst }));
  }

  /** Every subscriber's data, in the order of `specs`. */
  async collect(): Promise<ClientData[]> {
    const parts = await Promise.all(
      this.children.map((_, i) => this.ask(i, { type: 'collect' }, 'data')),
    );
    return parts.flatMap((p) => (p.type === 'data' ? p.clients : []));
  }

  /** Closes every socket (normal closure) and ends the processes. */
  async stop(): Promise<void> {
    await Promise.all(
      this.children.map((c, i) =>
        c.connected
          ? this.ask(i, { type: 'close' }, 'closed').catch(() => undefined)
          : Promise.resolve(undefined),
      ),
    );
    this.kill();
  }

  kill(): void {
    this.stopped = true;
    for (const child of this.children) if (child.exitCode === null) child.kill('SIGKILL');
  }

  private command(index: number, command: FleetCommand): void {
    this.children[index]!.send(command);
  }

  private ask(index: number, command: FleetCommand, answer: string): Promise<FleetReport> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${answer} from client process`)), 60_000);
      this.waiting[index]!.push((report) => {
        clearTimeout(timer);
        if (report.type === answer) resolve(report);
        else reject(new Error(`expected ${answer}, got ${report.type}`));
      });
      this.command(index, command);
    });
  }
}
