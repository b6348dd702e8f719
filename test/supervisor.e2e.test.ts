import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifySessionToken } from '@gitforge/auth';
import {
  DEMO_PASSWORD,
  childPids,
  commandLine,
  createIssue,
  eventually,
  freePorts,
  isAlive,
  issuesOf,
  newDataDir,
  readPid,
  runFiles,
  signIn,
  startSupervisor,
  stopSupervisor,
  uniqueRepository,
} from './support/platform';

/**
 * The one command, for real: `node supervisor/dist/main.js` (what `npm start` runs after the
 * build) with its own data dir and free ports, real child processes and real signals.
 */

jest.setTimeout(5 * 60_000);

describe('supervisor (npm start)', () => {
  it('restarts a SIGKILLed subgraph while the gateway keeps running, and stops cleanly', async () => {
    const databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) throw new Error('the jest globalSetup sets DATABASE_URL');
    const dataDir = newDataDir();
    const ports = await freePorts();
    const secret = 'supervisor-e2e-secret-0123456789abcdef';
    const supervisor = await startSupervisor({
      ...process.env,
      ...ports,
      GITFORGE_DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      GITFORGE_JWT_SECRET: secret,
      GITFORGE_DEMO_PASSWORD: DEMO_PASSWORD,
      // The in-memory test database is PGlite: one connection at a time.
      ...(process.env.GITFORGE_TEST_EMBEDDED_DB === '1' ? { DATABASE_POOL_MAX: '1' } : {}),
    });
    const url = supervisor.graphqlUrl;
    expect(url).toBe(`http://localhost:${ports.GATEWAY_PORT}/graphql`);
    expect(supervisor.readyMs).toBeGreaterThan(0);

    // A pid file per child (no devdb: DATABASE_URL was given), each naming a live process.
    const pids = childPids(dataDir);
    expect(Object.keys(pids)).toEqual(expect.arrayContaining(['gateway', 'issues']));
    expect(pids).not.toHaveProperty('devdb');
    for (const pid of Object.values(pids)) expect(isAlive(pid)).toBe(true);
    const gatewayPid = pids.gateway!;
    const issuesPid = pids.issues!;
    for (const [pid, script] of [
      [gatewayPid, 'gateway/dist/main.js'],
      [issuesPid, 'subgraphs/issues/dist/main.js'],
    ] as const) {
      const cmd = commandLine(pid);
      if (cmd !== undefined) expect(cmd).toContain(script);
    }
    expect(supervisor.output()).toMatch(/^\[issues\] \{.*\}$/m);
    expect(supervisor.output()).toMatch(/^\[gateway\] \{.*\}$/m);

    const token = await signIn(url);
    const repository = await uniqueRepository(url, token);
    const created = await createIssue(url, token, repository, 'Survives a subgraph crash');
    expect(created).toMatchObject({ number: 1, title: 'Survives a subgraph crash' });

    process.kill(issuesPid, 'SIGKILL');
    const restartedPid = await eventually('a new issues process', async () => {
      const pid = readPid(dataDir, 'issues');
      return pid !== undefined && pid !== issuesPid && isAlive(pid) ? pid : undefined;
    });
    expect(isAlive(issuesPid)).toBe(false);
    const nodes = await eventually('the issue read back through the gateway', async () => {
      const found = await issuesOf(url, repository);
      return found?.some((n) => n.id === created.id) ? found : undefined;
    });
    expect(nodes).toEqual([created]);
    expect(readPid(dataDir, 'gateway')).toBe(gatewayPid);
    expect(isAlive(gatewayPid)).toBe(true);
    expect(supervisor.output()).toContain('issues exited unexpectedly (signal SIGKILL)');

    const runningPids = Object.values(childPids(dataDir));
    expect(runningPids).toEqual(expect.arrayContaining([gatewayPid, restartedPid]));
    expect(await stopSupervisor(supervisor)).toBe(0);
    for (const pid of runningPids) expect(isAlive(pid)).toBe(false);
    expect(runFiles(dataDir)).toEqual([]);
  });

  it('runs the embedded database when DATABASE_URL is unset, and keeps data across restarts', async () => {
    const dataDir = newDataDir();
    const ports = await freePorts();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...ports,
      GITFORGE_DATA_DIR: dataDir,
      GITFORGE_DEMO_PASSWORD: DEMO_PASSWORD,
    };
    for (const name of [
      'DATABASE_URL',
      'DATABASE_POOL_MAX',
      'GITFORGE_JWT_SECRET',
      'GITFORGE_TEST_EMBEDDED_DB',
    ]) {
      delete env[name];
    }

    const first = await startSupervisor(env);
    const pids = childPids(dataDir);
    expect(Object.keys(pids)).toEqual(expect.arrayContaining(['devdb', 'gateway', 'issues']));
    const devdbPid = pids.devdb!;
    expect(isAlive(devdbPid)).toBe(true);
    expect(existsSync(join(dataDir, 'pglite'))).toBe(true);

    // The generated secret is kept in the data dir: tokens signed with it outlive a restart.
    const secret = readFileSync(join(dataDir, 'secrets', 'jwt-secret'), 'utf8').trim();
    const token = await signIn(first.graphqlUrl);
    expect((await verifySessionToken(secret, token)).login).toBe('demo');
    const repository = await uniqueRepository(first.graphqlUrl, token);
    const created = await createIssue(first.graphqlUrl, token, repository, 'Kept on disk');
    expect(await stopSupervisor(first)).toBe(0);
    for (const pid of Object.values(pids)) expect(isAlive(pid)).toBe(false);
    expect(runFiles(dataDir)).toEqual([]);

    const second = await startSupervisor(env);
    expect(await issuesOf(second.graphqlUrl, repository)).toEqual([created]);
    const next = await createIssue(second.graphqlUrl, token, repository, 'After the restart');
    expect(next.number).toBe(2);
    expect(readFileSync(join(dataDir, 'secrets', 'jwt-secret'), 'utf8').trim()).toBe(secret);
    expect(await stopSupervisor(second)).toBe(0);
    expect(runFiles(dataDir)).toEqual([]);
  });
});
