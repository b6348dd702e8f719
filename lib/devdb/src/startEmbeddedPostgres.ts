import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  /** A `postgres://` URL for any PostgreSQL client. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * PGlite (file-backed when `dataDir` is given, in memory otherwise) served on the Postgres wire
 * protocol. PGlite runs one statement at a time, and while one connection has a transaction open
 * the others wait: several connections work, but a pool of 1 per client avoids needless queueing.
 */
export async function startEmbeddedPostgres(
  options: { dataDir?: string; port?: number; host?: string } = {},
): Promise<EmbeddedPostgres> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir);
  const host = options.host ?? '127.0.0.1';
  const server = new PGLiteSocketServer({ db, host, port: options.port ?? 0, maxConnections: 64 });
  await server.start();
  const conn = server.getServerConn();
  const port = Number(conn.slice(conn.lastIndexOf(':') + 1));
  return {
    url: `postgres://postgres:postgres@${host}:${port}/postgres`,
    port,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
