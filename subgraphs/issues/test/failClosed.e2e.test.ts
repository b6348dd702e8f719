import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createLogger } from '@gitforge/logging';
import { createIssuesServer } from '../src/createIssuesServer';

/*
 * Issue 13 item 1: without a permission source the issues subgraph fell back to an allow-all
 * rule and served private issues to anyone. It must refuse to start instead.
 */

const main = resolve(__dirname, '..', 'dist', 'main.js');

function runMain(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [main], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', fail);
    child.once('close', (code) => done({ code, output }));
  });
}

beforeAll(() => {
  if (!existsSync(main)) {
    throw new Error(`${main} is missing: run \`npx tsc -b tsconfig.build.json\` first`);
  }
});

const base = {
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  GITFORGE_JWT_SECRET: 'a-production-secret-of-at-least-32-bytes!!',
  ISSUES_PORT: '0',
  GITFORGE_DATA_DIR: join(__dirname, '..', '.gitforge-test-unused'),
};

describe('the issues process without REPOSITORY_SUBGRAPH_URL', () => {
  it.each(['production', 'development'])(
    'exits non-zero under NODE_ENV=%s, naming the setting',
    async (mode) => {
      const { code, output } = await runMain({ ...base, NODE_ENV: mode });
      expect(code).not.toBe(0);
      expect(code).not.toBeNull();
      expect(output).toContain('REPOSITORY_SUBGRAPH_URL');
    },
    20_000,
  );

  it('createIssuesServer refuses to start without a permission source', async () => {
    await expect(
      createIssuesServer({
        port: 0,
        databaseUrl: base.DATABASE_URL,
        poolMax: 1,
        jwtSecret: base.GITFORGE_JWT_SECRET,
        logger: createLogger('issues-test', 'silent'),
      }),
    ).rejects.toThrow(/permission source/);
  });
});
