import { startEmbeddedPostgres } from '../lib/devdb/src/startEmbeddedPostgres';

/**
 * Tests use the server in DATABASE_URL (CI: real PostgreSQL). Without it they get an in-memory
 * PGlite on the Postgres wire protocol, started here once and shared by the test workers.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) return;
  const db = await startEmbeddedPostgres();
  process.env.DATABASE_URL = db.url;
  process.env.GITFORGE_TEST_EMBEDDED_DB = '1';
  (globalThis as { __embeddedDb?: { stop(): Promise<void> } }).__embeddedDb = db;
}
