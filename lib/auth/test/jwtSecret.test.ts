import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jwtSecretFromEnv } from '@gitforge/auth';
import { EnvError } from '@gitforge/env';

describe('jwtSecretFromEnv', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'gitforge-secret-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it.each([
    ['unset', undefined, /required in production/],
    ['empty', '', /required in production/],
    ['short (16 bytes)', 'abcdefgh12345678', /at least 32 bytes/],
    ['a repeated character', 'x'.repeat(40), /placeholder/],
    ['a placeholder', 'changeme-changeme-changeme-changeme', /placeholder/],
  ])('refuses a %s secret in production', (_why, secret, message) => {
    const read = () =>
      jwtSecretFromEnv({
        GITFORGE_JWT_SECRET: secret,
        NODE_ENV: 'production',
        GITFORGE_DATA_DIR: dataDir,
      });
    expect(read).toThrow(EnvError);
    expect(read).toThrow(message);
  });

  it('accepts 32 random bytes in production', () => {
    const secret = 'q4Vb0Zk3Wm9Yx2Lr7Tp1Hs6Nd8Jc5Fg0Aa';
    expect(
      jwtSecretFromEnv({
        GITFORGE_JWT_SECRET: secret,
        NODE_ENV: 'production',
        GITFORGE_DATA_DIR: dataDir,
      }),
    ).toBe(secret);
  });

  it('generates and keeps one in the data dir outside production', () => {
    const first = jwtSecretFromEnv({ NODE_ENV: 'development', GITFORGE_DATA_DIR: dataDir });
    expect(Buffer.byteLength(first)).toBeGreaterThanOrEqual(32);
    expect(jwtSecretFromEnv({ GITFORGE_DATA_DIR: dataDir })).toBe(first);
  });
});
