import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signSessionToken } from '@gitforge/auth';
import { LocalResilience, repositoryRoot } from '../../../chaos/src/localResilience';
import { ResilienceClient } from '../../../chaos/src/ResilienceClient';

export const JWT_SECRET = 'resilience-test-secret-0123456789abcdef';
const workspace = join(repositoryRoot, 'subgraphs', 'resilience');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The e2e tests run the built subgraph (`dist/`) as real processes. Builds it when the sources
 * are newer, under a lock so parallel test files do not build at once.
 */
export function ensureBuilt(): void {
  const main = join(workspace, 'dist', 'main.js');
  const fresh = () => {
    try {
      return statSync(main).mtimeMs >= newestMtime(join(workspace, 'src'));
    } catch {
      return false;
    }
  };
  if (fresh()) return;
  const lock = join(tmpdir(), 'gitforge-resilience-build.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 300_000)
        rmSync(lock, { recursive: true, force: true });
      execFileSync('sleep', ['0.5']);
    }
  }
  try {
    if (!fresh()) {
      execFileSync(
        process.execPath,
        [join(repositoryRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', workspace],
        {
          stdio: 'inherit',
        },
      );
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** The service's GITFORGE_ADMINS unless a test gives its own: a site administrator Gitea does not know as one. */
export const LISTED_ADMIN = 'carol';

export interface TestService {
  local: LocalResilience;
  /** Signed in as "alice", a Gitea site administrator (the session's adm claim). */
  client: ResilienceClient;
  anonymous: ResilienceClient;
  /** Signed in as "bob", an ordinary user. */
  user: ResilienceClient;
  /** Signed in as LISTED_ADMIN: no adm claim, named in GITFORGE_ADMINS. */
  listedAdmin: ResilienceClient;
  dataDir: string;
  close(): Promise<void>;
}

let counter = 0;

/** A real resilience subgraph process with its own data dir (and SQL table). */
export async function startService(env: Record<string, string> = {}): Promise<TestService> {
  ensureBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'resilience-test-'));
  counter += 1;
  const sqlEnv: Record<string, string> = process.env.DATABASE_URL
    ? {
        DATABASE_URL: process.env.DATABASE_URL,
        DATABASE_POOL_MAX: process.env.GITFORGE_TEST_EMBEDDED_DB === '1' ? '1' : '4',
        RESILIENCE_SQL_TABLE: `resilience_kv_t${process.pid}_${counter}`,
      }
    : {};
  const local = new LocalResilience({
    dataDir,
    jwtSecret: JWT_SECRET,
    env: {
      LOG_LEVEL: 'warn',
      RESILIENCE_REPLICA_ORPHAN_MS: '60000',
      GITFORGE_ADMINS: ` ${LISTED_ADMIN.toUpperCase()} ,someone-else`,
      ...sqlEnv,
      ...env,
    },
  });
  await local.start();
  const signedIn = async (login: string, isAdmin = false) =>
    new ResilienceClient(local.url, await signSessionToken(JWT_SECRET, login, { isAdmin }));
  const service: TestService = {
    local,
    client: await signedIn('alice', true),
    anonymous: new ResilienceClient(local.url, undefined),
    user: await signedIn('bob'),
    listedAdmin: await signedIn(LISTED_ADMIN),
    dataDir,
    async close() {
      await local.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return service;
}

/** Writes keys `${prefix}${i}` from `concurrency` writers; returns what was acknowledged. */
export async function writeKeys(
  client: ResilienceClient,
  prefix: string,
  count: number,
  concurrency = 8,
  during?: { afterAcks: number; action: () => Promise<unknown> },
): Promise<{ acked: Map<string, string>; failed: number; action?: Promise<unknown> }> {
  const acked = new Map<string, string>();
  let next = 0;
  let failed = 0;
  let action: Promise<unknown> | undefined;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const key = `${prefix}${i}`;
        const value = `value-${prefix}-${i}-${'x'.repeat(i % 50)}`;
        try {
          await client.store(key, value);
          acked.set(key, value);
        } catch {
          failed++;
        }
        if (during && !action && acked.size >= during.afterAcks) {
          action = during.action();
          action.catch(() => undefined);
        }
      }
    }),
  );
  return { acked, failed, action };
}

/** Reads every acknowledged key back; returns the keys whose value is not the acknowledged one. */
export async function verifyKeys(
  client: ResilienceClient,
  acked: ReadonlyMap<string, string>,
): Promise<string[]> {
  const wrong: string[] = [];
  const keys = [...acked.keys()];
  for (let i = 0; i < keys.length; i += 1000) {
    const batch = keys.slice(i, i + 1000);
    const values = await client.values(batch);
    batch.forEach((key, j) => {
      if (values[j] !== acked.get(key)) wrong.push(key);
    });
  }
  return wrong;
}
