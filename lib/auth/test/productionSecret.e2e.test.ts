import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every service, started with NODE_ENV=production, refuses a missing or short
 * GITFORGE_JWT_SECRET and exits 1 naming it (one check, `jwtSecretFromEnv`, in all five).
 * The services run from src/ (swc), everything else they need in production given.
 */
const root = join(__dirname, '..', '..', '..');
const services = [
  'gateway',
  'git-proxy',
  'subgraphs/repository',
  'subgraphs/issues',
  'subgraphs/resilience',
];

let dataDir: string;
beforeAll(() => (dataDir = mkdtempSync(join(tmpdir(), 'gitforge-prod-secret-'))));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function start(service: string, secret: string | undefined) {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    SWC_NODE_PROJECT: join(root, 'tsconfig.base.json'),
    GITFORGE_DATA_DIR: dataDir,
    // What else production asks for, so that the secret is what is refused.
    SUBGRAPH_URLS: 'issues=http://127.0.0.1:9/graphql',
    GITEA_URL: 'http://127.0.0.1:9',
    DATABASE_URL: 'postgres://nobody@127.0.0.1:9/none',
    REPOSITORY_SUBGRAPH_URL: 'http://127.0.0.1:9/graphql',
    ISSUES_SUBGRAPH_URL: 'http://127.0.0.1:9/graphql',
    GITFORGE_WEBHOOK_SECRET: 'webhook-secret-with-enough-length-0123456789',
    ...(secret === undefined ? {} : { GITFORGE_JWT_SECRET: secret }),
  };
  const child = spawn(
    process.execPath,
    [
      '-r',
      '@swc-node/register',
      '-r',
      join(__dirname, 'support', 'workspaceSources.js'),
      join(root, service, 'src', 'main.ts'),
    ],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, output })),
  );
}

describe('production refuses a weak GITFORGE_JWT_SECRET', () => {
  it.each(services)(
    '%s: short (23 bytes) and unset',
    async (service) => {
      const [short, unset] = await Promise.all([
        start(service, 'short-secret-0123456789'),
        start(service, undefined),
      ]);
      expect(short).toMatchObject({
        code: 1,
        output: expect.stringContaining('GITFORGE_JWT_SECRET: must be at least 32 bytes'),
      });
      expect(unset).toMatchObject({
        code: 1,
        output: expect.stringContaining('GITFORGE_JWT_SECRET: required in production'),
      });
    },
    60_000,
  );
});
