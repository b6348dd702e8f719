import { join } from 'node:path';
import { createLogger } from '@gitforge/logging';
import { startEmbeddedPostgres } from './startEmbeddedPostgres';

const logger = createLogger('devdb');

async function main(): Promise<void> {
  const dataDir = join(process.env.GITFORGE_DATA_DIR ?? '.gitforge', 'pglite');
  const port = Number(process.env.DEVDB_PORT ?? 54329);
  const db = await startEmbeddedPostgres({ dataDir, port });
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
