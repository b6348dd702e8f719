import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@gitforge/logging';
import { describeCrashLoop, describeExit } from './describeExit';
import { LinePrefixer } from './LinePrefixer';
import { removePidFile, writePidFile } from './pidFile';
import type { PlannedService } from './planServices';
import { countFailure, restartDelayMs, type BackoffPolicy } from './restartBackoff';

/** Where output goes: the supervisor's OutputSink, which never blocks (or any stream in tests). */
export interface TextOutput {
  write(text: string): unknown;
}

export interface ServiceProcessOptions {
  service: PlannedService;
  env: NodeJS.ProcessEnv;
  cwd: string;
  runDir: string;
  logger: Logger;
  policy: BackoffPolicy;
  stdout: TextOutput;
  stderr: TextOutput;
  /**
   * A module preloaded into the child (`node --require`): the supervisor's
   * `exitWithSupervisor`, which ends the child when the IPC channel to the supervisor closes.
   */
  preload?: string;
  /** Receives the human-readable report when the service keeps crashing. */
  reportCrashLoop: (report: string) => void;
}

const RECENT_LINES = 15;
const OUTPUT_DRAIN_MS = 300;

/**
 * One service as a child process: started with `node`, output prefixed with its name, pid kept
 * in `run/<name>.pid`, restarted with exponential backoff whenever it dies without being asked.
 */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private startedAt = 0;
  private failures = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private stopping = false;
  private readonly recentOutput: string[] = [];

  constructor(private readonly options: ServiceProcessOptions) {}

  get name(): string {
    return this.options.service.name;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    if (this.stopping || this.child) return;
    const { service, env, cwd, runDir, logger } = this.options;
    // Own process group: a terminal's Ctrl-C reaches only the supervisor, which stops the
    // children in order instead of all of them at once. The IPC channel is never used for
    // messages: the kernel closes it when the supervisor dies, which tells the child to stop.
    const preload = this.options.preload ? ['--require', this.options.preload] : [];
    const child = spawn(process.execPath, [...preload, service.script], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      detached: true,
    });
    this.child = child;
    this.startedAt = Date.now();
    let onExited: () => void = () => {};
    this.exited = new Promise((resolve) => (onExited = resolve));

    this.pipe(child.stdout!, this.options.stdout);
    this.pipe(child.stderr!, this.options.stderr);

    const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
    let handled = false;
    const handleExit = (code: number | null, signal: NodeJS.Signals | null) => {
      if (handled) return;
      handled = true;
      this.child = undefined;
      removePidFile(runDir, service.name);
      onExited();
      // Its last words (often the reason it died) may still be in the pipe.
      void Promise.race([closed, sleep(OUTPUT_DRAIN_MS)]).then(() => this.afterExit(code, signal));
    };
    child.once('exit', handleExit);
    child.once('error', (err) => {
      logger.error({ err, child: service.name }, `${service.name} could not be started`);
      // Without a pid the process never ran and 'exit' will not follow.
      if (child.pid === undefined) handleExit(null, null);
    });
    if (child.pid !== undefined) {
      writePidFile(runDir, service.name, child.pid);
      logger.info({ child: service.name, pid: child.pid }, `${service.name} started`);
    }
  }

  /** From now on a death is not restarted. */
  preventRestarts(): void {
    this.stopping = true;
    clearTimeout(this.restartTimer);
  }

  /** SIGTERM, then SIGKILL to its whole process group after `graceMs`; resolves once it is gone. */
  async stop(graceMs: number): Promise<void> {
    this.preventRestarts();
    const child = this.child;
    if (!child?.pid) return;
    const pid = child.pid;
    const { logger } = this.options;
    child.kill('SIGTERM');
    const force = setTimeout(() => {
      logger.warn({ child: this.name, pid, graceMs }, `${this.name} ignored SIGTERM; killing it`);
      killGroup(pid);
    }, graceMs);
    await this.exited;
    clearTimeout(force);
    logger.info({ child: this.name, pid }, `${this.name} stopped`);
  }

  /** SIGKILL to its whole process group now: what is left when a stop overran its deadline. */
  kill(): void {
    this.preventRestarts();
    if (this.child?.pid !== undefined) killGroup(this.child.pid);
  }

  private afterExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping) return;
    const { service, logger, policy } = this.options;
    const uptimeMs = Date.now() - this.startedAt;
    this.failures = countFailure(this.failures, uptimeMs, policy);
    const delayMs = restartDelayMs(this.failures, policy);
    const lastExit = describeExit(code, signal);
    logger.error(
      {
        child: service.name,
        code,
        signal,
        uptimeMs,
        failures: this.failures,
        restartInMs: delayMs,
      },
      `${service.name} exited unexpectedly (${lastExit}); restarting in ${delayMs} ms`,
    );
    if (this.failures === policy.crashLoopThreshold) {
      this.options.reportCrashLoop(
        describeCrashLoop({
          name: service.name,
          failures: this.failures,
          lastExit,
          retryInMs: delayMs,
          portVar: service.portVar,
          port: service.port,
          recentOutput: [...this.recentOutput],
        }),
      );
    }
    this.restartTimer = setTimeout(() => this.start(), delayMs);
  }

  private pipe(from: Readable, to: TextOutput): void {
    const prefixer = LinePrefixer.forService(this.name);
    const emit = (lines: string[]) => {
      if (lines.length === 0) return;
      to.write(lines.map((line) => `${line}\n`).join(''));
      this.recentOutput.push(...lines);
      this.recentOutput.splice(0, this.recentOutput.length - RECENT_LINES);
    };
    from.setEncoding('utf8');
    from.on('data', (chunk: string) => emit(prefixer.push(chunk)));
    from.on('end', () => emit(prefixer.flush()));
  }
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
