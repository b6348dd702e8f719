/**
 * Microbench: a service process logging into a pipe that another process reads (as under the
 * supervisor). Modes, interleaved by round:
 *   pino-default  pino's own destination (sonic-boom on fd 1): what createLogger used before
 *   line-by-line  BufferedDestination with LOG_SYNC=true (every line handed to stdout at once)
 *   buffered      BufferedDestination, the default (batches of 64 KiB or 100 ms)
 * The child logs `lines` access-line-sized lines, `perTick` per event-loop turn (a request's
 * worth), and reports its own CPU time (user + system, process.cpuUsage) until its last line was
 * handed over and flushed; the parent checks every line arrived whole and in order.
 *
 *   node -r @swc-node/register lib/logging/test/bench/pipeThroughput.ts [lines] [rounds] [perTick]
 */
import { spawn } from 'node:child_process';
import pino from 'pino';
import { createLogger, requestLogFields, unredactedLoggerLike, type Logger } from '../../src';

const SEQ = /"seq":(\d+)/;
const MODES = ['pino-default', 'line-by-line', 'buffered'] as const;
type Mode = (typeof MODES)[number];

function child(mode: Mode, lines: number, perTick: number): void {
  const logger: Logger =
    mode === 'pino-default'
      ? // createLogger's destination before this change: pino's default (sonic-boom on fd 1).
        pino({
          level: 'info',
          base: { service: 'bench' },
          timestamp: pino.stdTimeFunctions.isoTime,
          mixin: requestLogFields,
        })
      : // Unredacted, as the access line: the redaction pass costs far more than the write.
        unredactedLoggerLike(createLogger('bench', 'info'));
  const start = process.cpuUsage();
  const startWall = process.hrtime.bigint();
  let i = 0;
  const tick = () => {
    for (let k = 0; k < perTick && i < lines; k += 1, i += 1) {
      logger.info(
        {
          seq: i,
          method: 'POST',
          route: '/graphql',
          status: 200,
          durationMs: 3.2,
          requestId: 'b6c1f3a2-5d0e-4c8e-9f1a-2b3c4d5e6f70',
        },
        'request',
      );
    }
    if (i < lines) setImmediate(tick);
    else
      logger.flush(() => {
        const cpu = process.cpuUsage(start);
        const wallNs = Number(process.hrtime.bigint() - startWall);
        process.stderr.write(JSON.stringify({ cpuUs: cpu.user + cpu.system, wallNs }) + '\n');
        process.exit(0);
      });
  };
  tick();
}

interface Result {
  mode: Mode;
  cpuUs: number;
  wallNs: number;
  received: number;
  /** Lines that never arrived, and lines that arrived cut or mixed (not JSON). */
  missing: number;
  broken: number;
  /** Lines that arrived after a later one. */
  reordered: number;
}

function runOnce(mode: Mode, lines: number, perTick: number): Promise<Result> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      ['-r', '@swc-node/register', __filename, 'child', mode, String(lines), String(perTick)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, LOG_SYNC: mode === 'line-by-line' ? 'true' : 'false' },
      },
    );
    let rest = '';
    let received = 0;
    let next = 0;
    let missing = 0;
    let broken = 0;
    let reordered = 0;
    proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop()!;
      for (const line of parts) {
        // Whole lines only: each must start and end as one JSON object (cheaper than parsing,
        // so that the reader keeps up with the writer).
        if (!line.startsWith('{"level":') || !line.endsWith('}')) {
          broken += 1;
          continue;
        }
        const match = SEQ.exec(line);
        if (!match) continue; // the destination's "N log lines dropped" note
        const seq = Number(match[1]);
        if (seq < next) {
          reordered += 1;
          missing -= 1;
          continue;
        }
        missing += seq - next;
        next = seq + 1;
        received += 1;
      }
    });
    let report = '';
    proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (report += chunk));
    proc.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${mode}: exit ${code} ${report}`));
      if (rest) broken += 1;
      missing += lines - next;
      const { cpuUs, wallNs } = JSON.parse(report) as { cpuUs: number; wallNs: number };
      resolve({ mode, cpuUs, wallNs, received, missing, broken, reordered });
    });
  });
}

async function main(): Promise<void> {
  const lines = Number(process.argv[2] ?? 200_000);
  const rounds = Number(process.argv[3] ?? 3);
  const perTick = Number(process.argv[4] ?? 4);
  const results = new Map<Mode, Result[]>(MODES.map((m) => [m, []]));
  for (let r = 0; r < rounds; r += 1) {
    for (const mode of MODES) results.get(mode)!.push(await runOnce(mode, lines, perTick));
  }
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const base = median(results.get('pino-default')!.map((x) => x.cpuUs));
  console.log(
    `${lines} lines x ${rounds} rounds, ${perTick} lines per event-loop turn, into a pipe read by the parent; medians`,
  );
  console.log(
    'mode           lines/s   CPU µs/line  CPU vs pino-default  lost, broken, out of order (all rounds)',
  );
  for (const mode of MODES) {
    const rs = results.get(mode)!;
    const cpu = median(rs.map((x) => x.cpuUs));
    const wall = median(rs.map((x) => x.wallNs));
    console.log(
      `${mode.padEnd(13)} ${String(Math.round(lines / (wall / 1e9))).padStart(8)}  ${(cpu / lines).toFixed(2).padStart(11)}  ${(cpu / base).toFixed(2).padStart(8)}×  ${sum(rs.map((x) => x.missing))}, ${sum(rs.map((x) => x.broken))}, ${sum(rs.map((x) => x.reordered))}`,
    );
  }
}

if (process.argv[2] === 'child')
  child(process.argv[3] as Mode, Number(process.argv[4]), Number(process.argv[5]));
else
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
