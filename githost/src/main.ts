import { join, resolve } from 'node:path';
import { EnvError } from '@gitforge/env';
import { createLogger } from '@gitforge/logging';
import { startTracing } from '@gitforge/tracing';
import { onShutdownSignal } from '@gitforge/server';
import { createGithost } from './createGithost';
import { loadEnv } from './env';

// First: with an OTLP endpoint set, spans are exported from the first request on.
const tracing = startTracing('githost');
const logger = createLogger('githost');

async function main(): Promise<void> {
  const env = loadEnv();
  const githost = await createGithost({
    dataDir: env.data.GITFORGE_DATA_DIR,
    port: env.server.GITHOST_PORT,
    host: env.server.HOST,
    rootUrl: env.server.GITHOST_ROOT_URL,
    demoPassword: env.auth.GITFORGE_DEMO_PASSWORD,
    adminToken: env.auth.GITEA_ADMIN_TOKEN,
    gitHttpBackend: env.git.GITHOST_GIT_HTTP_BACKEND,
    logger,
  });
  if (githost.demoPassword && !env.auth.GITFORGE_DEMO_PASSWORD) {
    // Where to find it, not the password itself: logs are collected, and secrets stay out of them.
    const file = join(resolve(env.data.GITFORGE_DATA_DIR), 'githost', 'demo-password');
    logger.info({ file }, `created user "demo"; its generated password is in ${file}`);
  }
  onShutdownSignal(logger, async () => {
    await githost.close();
    await tracing.shutdown();
  });
}

main().catch((err: unknown) => {
  if (err instanceof EnvError) console.error(err.message);
  else logger.fatal({ err }, 'githost failed to start');
  process.exit(1);
});
