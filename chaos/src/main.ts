import { exec } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { FAULTS, STRATEGIES, type Fault, type Strategy } from './faults';
import { LocalResilience, repositoryRoot } from './localResilience';
import { writeResults } from './report';
import { ResilienceClient } from './ResilienceClient';
import { runExperiment } from './runExperiment';
import { resolveToken } from './token';

const execAsync = promisify(exec);

const USAGE = `npm run chaos -- [options]
  --url URL              GraphQL endpoint (default RESILIENCE_URL or http://127.0.0.1:\${RESILIENCE_PORT:-4003}/graphql;
                         GATEWAY_URL once the gateway routes the resilience subgraph)
  --spawn                start a private resilience subgraph (temp data dir) and restart it after PROCESS_CRASH
  --strategies LIST      ${STRATEGIES.join(',')} (default: all)
  --faults LIST          ${FAULTS.join(',')} (default: all that apply)
  --trials N             per strategy and fault (default 30)
  --keys N               writes per trial (default 1000)
  --concurrency N        concurrent writers (default 8)
  --value-bytes N        value size (default 100)
  --config JSON          extra strategy config, e.g. '{"fsync":"GROUP"}'
  --fault-command CMD    inject the fault with a shell command instead of injectFailure (implies
                         --faults PROCESS_CRASH), e.g. "kubectl apply -f chaos/mesh/pod-kill-resilience.yaml"
  --seed N               seed for the fault points (default: random)
  --out DIR              results folder (default chaos/results)
  --restart-timeout-ms N how long to wait for a crashed service to answer again (default 60000)`;

function list<T extends string>(value: string | undefined, all: readonly T[]): T[] {
  if (!value) return [...all];
  const items = value.split(',').map((v) => v.trim().toUpperCase());
  const unknown = items.filter((v) => !all.includes(v as T));
  if (unknown.length > 0) throw new Error(`unknown: ${unknown.join(', ')}`);
  return items as T[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      spawn: { type: 'boolean', default: false },
      strategies: { type: 'string' },
      faults: { type: 'string' },
      trials: { type: 'string', default: '30' },
      keys: { type: 'string', default: '1000' },
      concurrency: { type: 'string', default: '8' },
      'value-bytes': { type: 'string', default: '100' },
      config: { type: 'string' },
      seed: { type: 'string' },
      'fault-command': { type: 'string' },
      out: { type: 'string', default: join(repositoryRoot, 'chaos', 'results') },
      'restart-timeout-ms': { type: 'string', default: '60000' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(USAGE);
  const faultCommand = values['fault-command'];
  const seed = values.seed ? Number(values.seed) : randomBytes(4).readUInt32LE(0);
  let local: LocalResilience | undefined;
  let dataDir: string | undefined;
  let url =
    values.url ??
    process.env.RESILIENCE_URL ??
    `http://127.0.0.1:${process.env.RESILIENCE_PORT ?? 4003}/graphql`;
  let jwtSecret = process.env.GITFORGE_JWT_SECRET;
  if (values.spawn) {
    dataDir = mkdtempSync(join(tmpdir(), 'gitforge-chaos-'));
    jwtSecret = randomBytes(24).toString('base64url');
    local = new LocalResilience({ dataDir, jwtSecret });
    await local.start();
    url = local.url;
  }
  const token = await resolveToken({
    token: process.env.GITFORGE_TOKEN,
    jwtSecret,
    dataDir: process.env.GITFORGE_DATA_DIR,
  });
  const client = new ResilienceClient(url, token);
  const restartTimeoutMs = Number(values['restart-timeout-ms']);
  const runId = new Date().toISOString().replace(/[:.]/g, '-');
  const outDir = resolve(values.out, runId);
  const log = (line: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${line}`);
  log(`chaos run ${runId} against ${url} (seed ${seed})`);
  try {
    const results = await runExperiment({
      client,
      strategies: list<Strategy>(values.strategies, STRATEGIES),
      faults: faultCommand ? ['PROCESS_CRASH'] : list<Fault>(values.faults, FAULTS),
      trials: Number(values.trials),
      keys: Number(values.keys),
      concurrency: Number(values.concurrency),
      valueBytes: Number(values['value-bytes']),
      seed,
      config: values.config ? (JSON.parse(values.config) as Record<string, unknown>) : undefined,
      restartTimeoutMs,
      inject: faultCommand ? () => execAsync(faultCommand) : undefined,
      afterProcessCrash: async (crashed) => {
        if (local) return local.restart();
        // The supervisor (or Kubernetes) restarts it: wait for a process other than the killed one.
        const deadline = Date.now() + restartTimeoutMs;
        for (;;) {
          const started = await client.status().then(
            (s) => s.processStartedAt,
            () => crashed.processStartedAt,
          );
          if (started !== crashed.processStartedAt) return;
          if (Date.now() > deadline) throw new Error('the crashed service did not come back');
          await new Promise((r) => setTimeout(r, 100));
        }
      },
      log,
    });
    const header = `# Chaos run ${runId}\n\n${results.length} trials against ${url}; seed ${seed}; ${values.keys} keys × ${values.concurrency} writers per trial, ${values['value-bytes']}-byte values${values.config ? `; config ${values.config}` : ''}.`;
    const { files } = writeResults(outDir, results, header);
    log(`results: ${files.join(', ')}`);
  } finally {
    await local?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
