import { startEmbeddedPostgres } from '../lib/devdb/src/startEmbeddedPostgres';
import { createOrm, migrate } from '../subgraphs/issues/src/db/createOrm';

/**
 * Tests use the server in DATABASE_URL (CI: real PostgreSQL). Without it they get an in-memory
 * PGlite on the Postgres wire protocol, started here once and shared by the test workers.
 * The issues schema is migrated once here, before workers start servers in parallel.
 */
export default async function globalSetup(): Promise<void> {
  if (!process.env.DATABASE_URL) {
    const db = await startEmbeddedPostgres();
    process.env.DATABASE_URL = db.url;
    process.env.GITFORGE_TEST_EMBEDDED_DB = '1';
    (globalThis as { __embeddedDb?: { stop(): Promise<void> } }).__embeddedDb = db;
  }
  const orm = await createOrm({ databaseUrl: process.env.DATABASE_URL, poolMax: 1 });
  try {
    await migrate(orm);
  } finally {
    await orm.close();
  }
}
