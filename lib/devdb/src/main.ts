import { join } from 'node:path';
import { parseEnv, port } from '@gitforge/env';
import { createLogger } from '@gitforge/logging';
import { z } from 'zod';
import { startEmbeddedPostgres } from './startEmbeddedPostgres';

const logger = createLogger('devdb');

async function main(): Promise<void> {
  const env = parseEnv({
    devdb: z.object({
      GITFORGE_DATA_DIR: z.string().min(1).default('.gitforge'),
      DEVDB_PORT: port('DEVDB_PORT'),
    }),
  }).devdb;
  const dataDir = join(env.GITFORGE_DATA_DIR, 'pglite');
  const db = await startEmbeddedPostgres({ dataDir, port: env.DEVDB_PORT });
  logger.info({ port: db.port, dataDir }, 'embedded PostgreSQL (PGlite) listening');
  const stop = () => {
    db.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  logger.fatal({ err }, 'devdb failed to start');
  process.exit(1);
});
