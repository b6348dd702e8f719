export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __embeddedDb?: { stop(): Promise<void> } }).__embeddedDb?.stop();
  // The redis-server jest.config.js started for this run (test/redisForTests.js).
  const redisPid = Number(process.env.GITFORGE_TEST_REDIS_PID);
  if (redisPid > 0) {
    try {
      process.kill(redisPid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  // Said again after the summary, where it is seen: which test files did not run, and why.
  if (process.env.GITFORGE_TEST_NOT_RUN) process.stderr.write(process.env.GITFORGE_TEST_NOT_RUN);
}
