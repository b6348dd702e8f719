import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import {
  freePorts,
  gql,
  newDataDir,
  startSupervisor,
  stopSupervisor,
  type RunningSupervisor,
} from './support/platform';

/**
 * Deployments that share one Redis keep apart: every key and channel of a platform carries its
 * REDIS_KEY_PREFIX (sign-in limits here, cost budgets; the same option reaches pub/sub and
 * ended sessions), and nothing it does lands under the default `gitforge:`.
 */

jest.setTimeout(5 * 60_000);

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `prefix-e2e-${randomUUID()}:`;
const ghost = `ghost-${randomUUID().slice(0, 8)}`;
let supervisor: RunningSupervisor;
let redis: Redis;

beforeAll(async () => {
  redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  supervisor = await startSupervisor({
    ...process.env,
    ...(await freePorts()),
    GITFORGE_DATA_DIR: newDataDir(),
    DATABASE_URL: process.env.DATABASE_URL,
    REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    ...(process.env.GITFORGE_TEST_EMBEDDED_DB === '1' ? { DATABASE_POOL_MAX: '1' } : {}),
  });
});

afterAll(async () => {
  if (supervisor) await stopSupervisor(supervisor);
  const keys = redis ? await redis.keys(`${prefix}*`) : [];
  if (keys.length > 0) await redis.del(...keys);
  await redis?.quit();
});

it('keeps every Redis key of the platform under its REDIS_KEY_PREFIX', async () => {
  expect(supervisor.redisKeyPrefix).toBe(prefix);
  const failed = await gql(
    supervisor.graphqlUrl,
    'mutation($u: String!) { login(username: $u, password: "not-the-password") { token } }',
    { u: ghost },
  );
  expect(failed.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

  const ours = await redis.keys(`${prefix}*`);
  // The failed sign-in (per address and per account) and the gateway's cost budget.
  expect(ours.some((k) => k.startsWith(`${prefix}login-throttle:`) && k.includes(ghost))).toBe(
    true,
  );
  expect(ours.some((k) => k.startsWith(`${prefix}cost-budget:`))).toBe(true);
  expect(await redis.keys(`gitforge:*${ghost}*`)).toEqual([]);
});
