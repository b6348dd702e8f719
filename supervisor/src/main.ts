import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { EnvError, loadOrCreateSecret } from '@gitforge/env';
import { createLogger } from '@gitforge/logging';
import { describePortConflicts } from './describeExit';
import { parseSupervisorEnv } from './env';
import { findPortConflicts } from './findPortConflicts';
import { displayHost, httpUrl } from './hosts';
import { OutputSink } from './OutputSink';
import { planServices } from './planServices';
import { defaultBackoffPolicy } from './restartBackoff';
import { serviceCatalog, stages, type SupervisorConfig } from './serviceCatalog';
import { Supervisor } from './Supervisor';

/** The repository root (this file runs from supervisor/dist). */
const rootDir = resolve(__dirname, '..', '..');
// Nothing the supervisor writes may block it: see OutputSink.
const stdout = new OutputSink(process.stdout);
const stderr = new OutputSink(process.stderr);
const logger = createLogger('supervisor', undefined, stdout);

/** How long after the last stage's grace a stop may still take before everything is killed. */
const STOP_DEADLINE_MARGIN_MS = 5_000;
/** A signal repeated this long after the first one kills what is left at once. */
const REPEAT_SIGNAL_FORCES_AFTER_MS = 1_000;

/** Waits for the logs to reach the reader, but at most a second: a reader may have stopped. */
function exitAfterLogs(code: number): void {
  process.exitCode = code;
  logger.flush(() => process.exit(code));
}

function fail(message: string): void {
  stderr.write(`${message}\n`);
  process.exitCode = 1;
}

async function main(): Promise<void> {
  let env: ReturnType<typeof parseSupervisorEnv>;
  try {
    env = parseSupervisorEnv();
  } catch (err) {
    if (err instanceof EnvError) return fail(`GitForge cannot start. ${err.message}`);
    throw err;
  }
  const dataDir = resolve(env.paths.GITFORGE_DATA_DIR);
  const runDir = join(dataDir, 'run');
  mkdirSync(runDir, { recursive: true });
  const config: SupervisorConfig = {
    rootDir,
    dataDir,
    host: env.network.HOST,
    ports: env.ports,
    databaseUrl: env.upstreams.DATABASE_URL,
    giteaUrl: env.upstreams.GITEA_URL,
    jwtSecret: env.auth.GITFORGE_JWT_SECRET ?? loadOrCreateSecret(dataDir, 'jwt-secret'),
    webhookSecret:
      env.auth.GITFORGE_WEBHOOK_SECRET ?? loadOrCreateSecret(dataDir, 'webhook-secret'),
    // The file githost itself keeps it in when it runs alone (githost/src/createGithost.ts).
    giteaAdminToken: env.upstreams.GITEA_URL
      ? undefined
      : loadOrCreateSecret(dataDir, 'githost-admin-token'),
  };

  const plan = planServices(config, serviceCatalog, existsSync);
  for (const { name, reason } of plan.skipped) {
    logger.info({ child: name, reason }, `${name} skipped: ${reason}`);
  }
  if (plan.errors.length > 0) {
    return fail(`GitForge cannot start:\n${plan.errors.map((e) => `  - ${e}`).join('\n')}`);
  }
  const conflicts = await findPortConflicts(plan.services, runDir);
  if (conflicts.length > 0) return fail(describePortConflicts(conflicts));

  const supervisor = new Supervisor({
    plan,
    rootDir,
    runDir,
    baseEnv: process.env,
    logger,
    policy: defaultBackoffPolicy,
    stdout,
    stderr,
    preload: join(__dirname, 'exitWithSupervisor.js'),
    stageTimeoutMs: 60_000,
  });

  const graceMs = env.supervisor.GITFORGE_SHUTDOWN_GRACE_MS;
  // Each stage gets the grace period; nothing may keep the supervisor alive after that.
  const stopDeadlineMs = graceMs * stages.length + STOP_DEADLINE_MARGIN_MS;
  const killEverything = (why: string) => {
    logger.error({ why }, `${why}: killing every service`);
    supervisor.killAll();
    exitAfterLogs(1);
  };
  let stopStartedAt: number | undefined;
  const shutdown = (reason: string, exitCode: number) => {
    if (stopStartedAt !== undefined) {
      // A second signal means "now" (as with docker compose). Not one within the first second:
      // Ctrl-C under `npm start` reaches the supervisor twice, from the terminal and from npm.
      const repeated = Date.now() - stopStartedAt >= REPEAT_SIGNAL_FORCES_AFTER_MS;
      if (repeated && reason !== 'uncaughtException') killEverything(`${reason} while stopping`);
      return;
    }
    stopStartedAt = Date.now();
    logger.info({ reason }, 'stopping GitForge');
    setTimeout(() => killEverything(`not stopped within ${stopDeadlineMs} ms`), stopDeadlineMs);
    supervisor.stop(graceMs).then(
      () => {
        logger.info('GitForge stopped');
        exitAfterLogs(exitCode);
      },
      (err: unknown) => {
        logger.fatal({ err }, 'stopping GitForge failed');
        exitAfterLogs(1);
      },
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => shutdown(signal, 0));
  }
  process.on('uncaughtException', (err) => {
    logger.fatal({ err }, 'supervisor crashed');
    shutdown('uncaughtException', 1);
  });
  // Last resort: children run in their own process groups and would outlive us otherwise
  // (they also stop by themselves once our IPC channel closes, see exitWithSupervisor).
  process.on('exit', () => supervisor.killAll());

  logger.info(
    {
      dataDir,
      services: plan.services.map((s) => `${s.name}:${s.port}`),
      database: config.databaseUrl ? 'DATABASE_URL' : 'embedded (devdb)',
    },
    'starting GitForge',
  );
  await supervisor.start();

  const gateway = plan.services.find((s) => s.name === 'gateway');
  if (!gateway) return;
  const graphqlUrl = httpUrl(displayHost(config.host), gateway.port, '/graphql');
  const ready = await supervisor.waitUntilReady('gateway', (waitedMs) =>
    logger.warn({ waitedMs }, `still waiting for the gateway to become ready at ${graphqlUrl}`),
  );
  if (ready) {
    stdout.write(`GitForge ready in ${Math.round(performance.now())} ms at ${graphqlUrl}\n`);
  }
}

main().catch((err: unknown) => {
  logger.fatal({ err }, 'supervisor failed to start');
  exitAfterLogs(1);
});
