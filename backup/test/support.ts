import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { gql, root } from '../../test/support/platform';

/** Runs `npm run backup` / `npm run restore` as an operator would (the same entry points). */
export function runCli(
  tool: 'backup' | 'restore',
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; out: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(root, 'backup', 'run.cjs'), tool, ...args],
      { cwd: root, env, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) =>
        resolve({
          code: err ? (typeof err.code === 'number' ? err.code : 1) : 0,
          out: `${stdout}${stderr}`,
          ms: Date.now() - started,
        }),
    );
  });
}

const serverUrl = () => {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('these tests need DATABASE_URL (a real PostgreSQL server)');
  return url;
};

async function admin<T>(use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

const created: string[] = [];

/** A new empty database on the test server; its URL. Dropped by dropDatabases(). */
export async function freshDatabase(label: string): Promise<string> {
  const name = `gf_${label}_${randomBytes(5).toString('hex')}`;
  await admin((c) => c.query(`create database ${name}`));
  created.push(name);
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabases(): Promise<void> {
  if (created.length === 0) return;
  await admin(async (c) => {
    for (const name of created.splice(0))
      await c.query(`drop database if exists ${name} with (force)`);
  });
}

export async function query<T extends Record<string, unknown>>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export async function userRelations(url: string): Promise<number> {
  const rows = await query<{ n: string }>(
    url,
    `select count(*)::text as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'v', 'm', 'S') and n.nspname not in ('pg_catalog', 'information_schema')
        and n.nspname not like 'pg\\_%'`,
  );
  return Number(rows[0]!.n);
}

/**
 * For tests that create their own databases on a PostgreSQL server: skipped when the run has no
 * server (the test setup then serves an embedded PGlite, which has a single database).
 */
export const itWithServer = process.env.GITFORGE_TEST_EMBEDDED_DB === '1' ? it.skip : it;

const ISSUES = `query ($r: String!, $after: String) { issues(repository: $r, first: 20, after: $after) {
  nodes { id number title labels { name } comments(first: 5) { nodes { id body } } }
  pageInfo { hasNextPage endCursor } } }`;

export interface IssueSeen {
  id: string;
  number: number;
  title: string;
  labels: { name: string }[];
  comments: { nodes: { id: string; body: string }[] };
}

/** Every issue of a repository through the gateway, page by page, with labels and comments. */
export async function allIssues(
  gatewayUrl: string,
  repository: string,
  token: string,
): Promise<IssueSeen[]> {
  const seen: IssueSeen[] = [];
  let after: string | undefined;
  for (;;) {
    const res = await gql<any>(gatewayUrl, ISSUES, { r: repository, after }, token);
    expect(res.errors).toBeUndefined();
    seen.push(...res.data.issues.nodes);
    if (!res.data.issues.pageInfo.hasNextPage) return seen;
    after = res.data.issues.pageInfo.endCursor;
  }
}
