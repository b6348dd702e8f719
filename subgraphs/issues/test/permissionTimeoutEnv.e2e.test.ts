import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { signSessionToken } from '@gitforge/auth';
import { TIMEOUT_HEADER } from '@gitforge/errors';
import { loadEnv } from '../src/env';
import {
  JWT_SECRET,
  cleanUpProcesses,
  freePort,
  gql,
  root,
  startService,
} from './support/serviceProcesses';

/*
 * Issue 13 item 2: the permission deadline is configuration (PERMISSION_TIMEOUT_MS, default
 * 1 s), and the issues process sends it to the repository subgraph as x-gitforge-timeout-ms.
 * The built process is started against a stand-in repository subgraph that records the header.
 */

let fake: Server;
const deadlines: (string | undefined)[] = [];

beforeAll(async () => {
  fake = createServer((req, res) => {
    deadlines.push(req.headers[TIMEOUT_HEADER] as string | undefined);
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          data: { repository: null },
          errors: [{ extensions: { code: 'NOT_FOUND' } }],
        }),
      );
    });
  });
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  cleanUpProcesses();
  await new Promise((resolve) => fake?.close(resolve));
});

describe('ACCESS_LOG', () => {
  it('writes info access lines for errors and slow requests only unless ACCESS_LOG=all', () => {
    const base = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' };
    expect(loadEnv(base).accessLog).toEqual({
      ACCESS_LOG: 'errors-and-slow',
      ACCESS_LOG_SLOW_MS: 1000,
    });
    expect(loadEnv({ ...base, ACCESS_LOG: 'all' }).accessLog.ACCESS_LOG).toBe('all');
    expect(() => loadEnv({ ...base, ACCESS_LOG: 'everything' })).toThrow(/ACCESS_LOG/);
  });
});

describe('PERMISSION_TIMEOUT_MS', () => {
  it('defaults to 1000 ms and takes a positive integer', () => {
    const base = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' };
    expect(loadEnv(base).repositories.PERMISSION_TIMEOUT_MS).toBe(1000);
    expect(
      loadEnv({ ...base, PERMISSION_TIMEOUT_MS: '2500' }).repositories.PERMISSION_TIMEOUT_MS,
    ).toBe(2500);
    for (const bad of ['0', '-5', '1.5', 'soon']) {
      expect(() => loadEnv({ ...base, PERMISSION_TIMEOUT_MS: bad })).toThrow(
        /PERMISSION_TIMEOUT_MS/,
      );
    }
  });

  it('is the deadline the issues process sends with each permission call', async () => {
    const port = await freePort();
    const issues = await startService('issues', 'subgraphs/issues', port, {
      ISSUES_PORT: String(port),
      DATABASE_URL: process.env.DATABASE_URL!,
      DATABASE_POOL_MAX: process.env.GITFORGE_TEST_EMBEDDED_DB === '1' ? '1' : '2',
      GITFORGE_JWT_SECRET: JWT_SECRET,
      REPOSITORY_SUBGRAPH_URL: `http://127.0.0.1:${(fake.address() as AddressInfo).port}/graphql`,
      PERMISSION_TIMEOUT_MS: '1700',
    });
    const res = await gql(
      issues.url,
      `mutation { createIssue(input: { repository: "alice/anything", title: "x" }) { number } }`,
      {},
      await signSessionToken(JWT_SECRET, 'alice'),
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(deadlines).toEqual(['1700']);
  });

  it('the process refuses to start with an invalid value, naming it', () => {
    const run = spawnSync(process.execPath, [join(root, 'subgraphs/issues/dist/main.js')], {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
        REPOSITORY_SUBGRAPH_URL: 'http://127.0.0.1:1/graphql',
        PERMISSION_TIMEOUT_MS: '0',
      },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('PERMISSION_TIMEOUT_MS');
  });
});
