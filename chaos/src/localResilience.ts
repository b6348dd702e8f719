import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export interface LocalResilienceOptions {
  /** `$GITFORGE_DATA_DIR` of the process (and its replicas). */
  dataDir: string;
  jwtSecret: string;
  /** Repository root; defaults to the one this file is in. */
  rootDir?: string;
  env?: Record<string, string>;
  /** Lines of the process's output, for debugging. */
  onOutput?: (line: string) => void;
}

export const repositoryRoot = resolve(__dirname, '..', '..');

/**
 * The resilience subgraph as a real child process (`node subgraphs/resilience/dist/main.js`),
 * for experiments without the supervisor and for tests: it can be SIGKILLed and restarted on
 * the same port, like the supervisor does in production.
 */
export class LocalResilience {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  port = 0;

  constructor(private readonly options: LocalResilienceOptions) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/graphql`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the process and resolves once it is ready (on a free port the first time). */
  async start(): Promise<void> {
    if (this.port === 0) this.port = await freePort();
    const root = this.options.rootDir ?? repositoryRoot;
    const main = join(root, 'subgraphs', 'resilience', 'dist', 'main.js');
    if (!existsSync(main))
      throw new Error(`${main} is missing: run npx tsc -b subgraphs/resilience`);
    const child = spawn(process.execPath, [main], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
        HOST: '127.0.0.1',
        RESILIENCE_PORT: String(this.port),
        GITFORGE_DATA_DIR: this.options.dataDir,
        GITFORGE_JWT_SECRET: this.options.jwtSecret,
        ...this.options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exited = new Promise((done) => child.once('exit', () => done()));
    const output: string[] = [];
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        output.push(line);
        this.options.onOutput?.(line);
      }
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    let exited = false;
    child.once('exit', () => (exited = true));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (exited) throw new Error(`resilience exited while starting:\n${output.join('\n')}`);
      const ready = await fetch(`http://127.0.0.1:${this.port}/health/ready`).then(
        (res) => res.ok,
        () => false,
      );
      if (ready) return;
      if (Date.now() > deadline)
        throw new Error(`resilience did not become ready:\n${output.join('\n')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** SIGKILL from outside (like `kill -9 $(cat run/resilience.pid)`). */
  async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  /** Resolves when the process has died (e.g. after injectFailure(PROCESS_CRASH)). */
  async waitForExit(timeoutMs = 10_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.exited,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('resilience did not exit')), timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
  }

  async restart(): Promise<void> {
    await this.waitForExit();
    await this.start();
  }

  /** SIGTERM (graceful: it stops its replicas), then SIGKILL any replica left behind. */
  async stop(): Promise<void> {
    this.child?.kill('SIGTERM');
    await this.exited;
    for (let node = 1; node <= 9; node++) {
      const pidFile = join(this.options.dataDir, 'run', `resilience-replica-${node}.pid`);
      if (!existsSync(pidFile)) continue;
      try {
        process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}
