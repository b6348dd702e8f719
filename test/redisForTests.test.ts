import { resolve } from 'node:path';
import { redisForTests } from './redisForTests';

/** How `npm test` finds (or starts, or goes without) the Redis some tests need. */

const rootDir = resolve(__dirname, '..');
const NOTHING = 'redis://127.0.0.1:1';
const saved = { ...process.env };
let stderr: jest.SpyInstance;

beforeEach(() => {
  for (const name of ['REDIS_URL', 'CI', 'GITFORGE_TEST_REDIS_PID', 'GITFORGE_TEST_NOT_RUN']) {
    delete process.env[name];
  }
  stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => {
  stderr.mockRestore();
  process.env = { ...saved };
});

describe('the Redis for the tests', () => {
  it('stops the run when REDIS_URL is set but nothing answers there', async () => {
    process.env.REDIS_URL = NOTHING;
    await expect(redisForTests(rootDir)).rejects.toThrow(`REDIS_URL=${NOTHING} does not answer`);
  });

  it('starts a redis-server for the run when none answers and one is installed', async () => {
    const { skip } = await redisForTests(rootDir, { local: NOTHING });
    const pid = Number(process.env.GITFORGE_TEST_REDIS_PID);
    try {
      expect(skip).toEqual([]);
      expect(process.env.REDIS_URL).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
      expect(process.env.REDIS_URL).not.toBe(NOTHING);
      // It answers: the same check again finds it as the given REDIS_URL.
      await expect(redisForTests(rootDir)).resolves.toEqual({ skip: [] });
    } finally {
      process.kill(pid, 'SIGKILL');
    }
  });

  it('without any Redis leaves out the files that need one and says which and why', async () => {
    const { skip } = await redisForTests(rootDir, { local: NOTHING, redisServer: 'no-such-redis' });
    expect(skip).toEqual(
      expect.arrayContaining([
        'lib/pubsub/test/pubsub.test.ts',
        'gateway/test/redisFanout.e2e.test.ts',
      ]),
    );
    expect(skip).not.toContain('test/redisForTests.test.ts');
    const said = String(stderr.mock.calls.map((call) => call[0]).join(''));
    expect(said).toContain(`NOT RUN: ${skip.length} test files need Redis`);
    expect(said).toContain('apt-get install redis-server');
    expect(process.env.GITFORGE_TEST_NOT_RUN).toBe(said);
    expect(process.env.REDIS_URL).toBeUndefined();
  });

  it('in CI, no Redis is an error, never a quiet skip', async () => {
    process.env.CI = 'true';
    await expect(
      redisForTests(rootDir, { local: NOTHING, redisServer: 'no-such-redis' }),
    ).rejects.toThrow('No Redis for the tests');
  });
});
