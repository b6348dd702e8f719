import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifySessionToken } from '@gitforge/auth';
import { resolveToken } from '../../../chaos/src/token';
import { JWT_SECRET } from './helpers';

describe('the chaos tool signs in as a site administrator', () => {
  it('as demo with the adm claim, from GITFORGE_JWT_SECRET or the data dir secret', async () => {
    const fromSecret = await verifySessionToken(
      JWT_SECRET,
      await resolveToken({ jwtSecret: JWT_SECRET }),
    );
    expect(fromSecret).toEqual({ login: 'demo', isAdmin: true });

    const dataDir = mkdtempSync(join(tmpdir(), 'chaos-token-'));
    try {
      mkdirSync(join(dataDir, 'secrets'));
      writeFileSync(join(dataDir, 'secrets', 'jwt-secret'), `${JWT_SECRET}\n`);
      const fromDataDir = await resolveToken({ dataDir, login: 'ops' });
      expect(await verifySessionToken(JWT_SECRET, fromDataDir)).toEqual({
        login: 'ops',
        isAdmin: true,
      });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('uses GITFORGE_TOKEN as given', async () => {
    await expect(resolveToken({ token: 'given', jwtSecret: JWT_SECRET })).resolves.toBe('given');
  });
});
