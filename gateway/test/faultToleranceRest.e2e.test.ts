import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signSessionToken } from '@gitforge/auth';
import { LocalResilience } from '../../chaos/src/localResilience';
import { ensureBuilt } from '../../subgraphs/resilience/test/helpers';
import { createGateway, type RunningGateway } from '../src/createGateway';
import { captureLogger, JWT_SECRET, request } from './support/helpers';

jest.setTimeout(120_000);

// The real resilience subgraph (built dist/, as `npm start` runs it) behind the gateway.
const dataDir = mkdtempSync(join(tmpdir(), 'gateway-fault-tolerance-'));
const resilience = new LocalResilience({
  dataDir,
  jwtSecret: JWT_SECRET,
  env: { LOG_LEVEL: 'warn', GITFORGE_ADMINS: 'carol', DATABASE_URL: '' },
});
let gw: RunningGateway;
const as: Record<'anonymous' | 'user' | 'giteaAdmin' | 'listedAdmin', Record<string, string>> = {
  anonymous: {},
  user: {},
  giteaAdmin: {},
  listedAdmin: {},
};

beforeAll(async () => {
  ensureBuilt();
  await resilience.start();
  gw = await createGateway({
    subgraphs: [{ name: 'resilience', url: resilience.url }],
    jwtSecret: JWT_SECRET,
    logger: captureLogger().logger,
  });
  const bearer = async (login: string, isAdmin = false) => ({
    authorization: `Bearer ${await signSessionToken(JWT_SECRET, login, { isAdmin })}`,
  });
  as.user = await bearer('bob');
  as.giteaAdmin = await bearer('alice', true);
  as.listedAdmin = await bearer('carol');
});

afterAll(async () => {
  await gw?.close();
  await resilience.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const api = (path: string) => `${gw.url}/api/fault-tolerance${path}`;

/** Each seed route that changes the service, as the seed's clients call it. */
const CHANGES: [string, { body: unknown }][] = [
  ['/store', { body: { key: 'k', value: 'v' } }],
  ['/strategy', { body: { strategy: 'checkpointing' } }],
  ['/recover', { body: {} }],
];

describe('the seed fault-tolerance routes', () => {
  it.each([
    ['anonymous', 401, 'UNAUTHENTICATED'],
    ['user', 403, 'FORBIDDEN'],
  ] as const)('refuse %s callers every change (%i %s)', async (who, status, code) => {
    for (const [path, init] of CHANGES) {
      const res = await request(api(path), { ...init, headers: as[who] });
      expect({ path, status: res.status, code: res.body.error?.code }).toEqual({
        path,
        status,
        code,
      });
    }
    const state = await request(api('/status'), { headers: as[who] });
    expect(state.status).toBe(200);
    expect(state.body).toMatchObject({ strategy: 'BASELINE', keys: 0 });
  });

  it.each(['giteaAdmin', 'listedAdmin'] as const)(
    'let a site administrator (%s) store, switch and recover',
    async (who) => {
      for (const [path, init] of CHANGES) {
        const res = await request(api(path), { ...init, headers: as[who] });
        expect({ path, status: res.status }).toEqual({ path, status: 200 });
      }
      const stored = await request(api('/retrieve/k'));
      expect(stored.body).toMatchObject({ key: 'k', value: 'v' });
      const back = await request(api('/strategy'), {
        body: { strategy: 'baseline' },
        headers: as[who],
      });
      expect(back.body).toMatchObject({ status: 'switched', to: 'BASELINE' });
    },
  );
});
