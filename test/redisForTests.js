// The Redis the tests use, decided once by jest.config.js before any test file is chosen:
//   1. REDIS_URL set (CI): it must answer, or the run stops with the reason.
//   2. Else a Redis on 127.0.0.1:6379 answering: used (REDIS_URL is set to it).
//   3. Else `redis-server` installed: one is started on a free port for this run.
//   4. Else the test files that need Redis are left out, and the run says so (at the start and
//      in the teardown, after the summary) with how to get one. In CI (CI=true) this is an error.
// A test file needs Redis when it falls back to the local one: `process.env.REDIS_URL ?? 'redis://`.
const { spawn, spawnSync } = require('node:child_process');
const { readFileSync, readdirSync } = require('node:fs');
const { createConnection, createServer } = require('node:net');
const { join, relative } = require('node:path');

const LOCAL_REDIS = 'redis://127.0.0.1:6379';
const NEEDS_REDIS = /process\.env\.REDIS_URL \?\? 'redis:\/\//;
const INSTALL_HINT =
  'Install one (`apt-get install redis-server`, or `docker run -p 6379:6379 redis:7`) and run again, or set REDIS_URL.';

/** True once `url`'s host:port accepts a connection and answers PING, false after 1 s. */
function answers(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || 6379) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (reply) => done(/^(\+PONG|-NOAUTH)/.test(reply.toString())));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts `redis-server` (no persistence) on a free port; undefined when it is not installed. */
async function startRedisServer(command) {
  if (spawnSync(command, ['--version']).status !== 0) return undefined;
  const port = await freePort();
  const child = spawn(
    command,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore', detached: true },
  );
  child.unref();
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (await answers(url)) return { url, pid: child.pid };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  process.kill(child.pid, 'SIGKILL');
  return undefined;
}

/** Test files (relative to `rootDir`) that need Redis. */
function testFilesNeedingRedis(rootDir) {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) {
        continue;
      }
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.test\.ts$/.test(entry.name) && NEEDS_REDIS.test(readFileSync(path, 'utf8'))) {
        found.push(relative(rootDir, path));
      }
    }
  };
  walk(rootDir);
  return found.sort();
}

/**
 * Sets REDIS_URL for the test workers, or returns the test files to leave out (with the reason
 * printed). Throws when REDIS_URL is set but does not answer, or when CI has no Redis.
 * `local` and `redisServer` are for its own test.
 */
async function redisForTests(rootDir, { local = LOCAL_REDIS, redisServer = 'redis-server' } = {}) {
  const given = process.env.REDIS_URL;
  if (given) {
    if (await answers(given)) return { skip: [] };
    throw new Error(
      `REDIS_URL=${given} does not answer PING. Start that Redis or unset REDIS_URL.`,
    );
  }
  if (await answers(local)) {
    process.env.REDIS_URL = local;
    return { skip: [] };
  }
  const started = await startRedisServer(redisServer);
  if (started) {
    process.env.REDIS_URL = started.url;
    process.env.GITFORGE_TEST_REDIS_PID = String(started.pid);
    process.stderr.write(`Tests use a redis-server started for this run at ${started.url}.\n`);
    return { skip: [] };
  }
  if (process.env.CI) {
    throw new Error(
      `No Redis for the tests (nothing on ${local}, no redis-server). ${INSTALL_HINT}`,
    );
  }
  const skip = testFilesNeedingRedis(rootDir);
  const reason =
    `\nNOT RUN: ${skip.length} test files need Redis and none is available ` +
    `(REDIS_URL unset, nothing on ${local}, no redis-server installed):\n` +
    skip.map((file) => `  - ${file}\n`).join('') +
    `${INSTALL_HINT}\n`;
  process.env.GITFORGE_TEST_NOT_RUN = reason;
  process.stderr.write(reason);
  return { skip };
}

module.exports = { redisForTests };
