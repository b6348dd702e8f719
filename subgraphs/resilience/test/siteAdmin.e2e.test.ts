import { GraphQLRequestError, type ResilienceClient } from '../../../chaos/src/ResilienceClient';
import { startService, type TestService } from './helpers';

jest.setTimeout(180_000);

/** Every mutation of the subgraph: each acts on the whole service, for every user. */
const GUARDED: Record<string, string> = {
  switchStrategy: 'mutation { switchStrategy(kind: CHECKPOINTING) { to } }',
  store: 'mutation { store(key: "k-single", value: "v") { key } }',
  storeBatch:
    'mutation { storeBatch(entries: [{ key: "k-1", value: "1" }, { key: "k-2", value: "2" }]) { count } }',
  delete: 'mutation { delete(key: "k-1") }',
  injectFailure: 'mutation { injectFailure(fault: MEMORY_WIPE) { needsRecovery } }',
  recover: 'mutation { recover { acknowledgedWritesLost } }',
  resetWorkload: 'mutation { resetWorkload }',
  processCrash: 'mutation { injectFailure(fault: PROCESS_CRASH) { detail } }',
};

/** The error code a request ends with, or OK. */
async function outcome(client: ResilienceClient, query: string): Promise<string> {
  try {
    await client.request(query);
    return 'OK';
  } catch (err) {
    if (err instanceof GraphQLRequestError) return err.code ?? 'NO_CODE';
    throw err;
  }
}

const STATE = `{ resilience { strategy keys lastSeq processStartedAt viewerCanAdminister lastFault { fault } } }`;
type State = {
  resilience: {
    strategy: string;
    keys: number;
    lastSeq: number;
    processStartedAt: string;
    viewerCanAdminister: boolean;
    lastFault: { fault: string } | null;
  };
};
const state = async (client: ResilienceClient) => (await client.request<State>(STATE)).resilience;

let svc: TestService;
beforeAll(async () => {
  svc = await startService();
  await svc.client.storeBatch([{ key: 'seed', value: 'kept' }]);
});
afterAll(async () => {
  await svc?.close();
});

describe('fault injection and workload writes are for site administrators only', () => {
  it.each([
    ['anonymous', 'UNAUTHENTICATED'],
    ['an ordinary user', 'FORBIDDEN'],
  ])('refuses every mutation to %s (%s), changing nothing', async (who, code) => {
    const client = who === 'anonymous' ? svc.anonymous : svc.user;
    const before = await state(svc.client);
    const outcomes: Record<string, string> = {};
    for (const [name, query] of Object.entries(GUARDED))
      outcomes[name] = await outcome(client, query);
    expect(outcomes).toEqual(Object.fromEntries(Object.keys(GUARDED).map((n) => [n, code])));
    // Still the same process (no PROCESS_CRASH), strategy, keys and no fault recorded.
    expect(await state(svc.client)).toEqual(before);
    expect(await svc.client.values(['seed'])).toEqual(['kept']);
    expect((await state(client)).viewerCanAdminister).toBe(false);
  });

  it.each([
    ['a Gitea site administrator (adm claim)', 'client'],
    ['a GITFORGE_ADMINS member (any case)', 'listedAdmin'],
  ] as const)('lets %s run every mutation, PROCESS_CRASH included', async (_who, key) => {
    const client = svc[key];
    expect((await state(client)).viewerCanAdminister).toBe(true);
    const { processCrash, ...rest } = GUARDED;
    const outcomes: Record<string, string> = {};
    for (const [name, query] of Object.entries(rest)) outcomes[name] = await outcome(client, query);
    expect(outcomes).toEqual(Object.fromEntries(Object.keys(rest).map((n) => [n, 'OK'])));
    const before = await state(client);
    expect(before).toMatchObject({ strategy: 'CHECKPOINTING', keys: 0 });
    expect(await outcome(client, processCrash!)).toBe('OK');
    await svc.local.restart();
    await client.waitUntilAnswering(30_000);
    expect((await state(client)).processStartedAt).not.toBe(before.processStartedAt);
    await client.recover();
    // Switch back so the next administrator's switch moves something again.
    await client.switchStrategy('BASELINE');
  });

  it('does not take GITFORGE_ADMINS from a session with another login', async () => {
    // bob is not listed; carol is, whatever case GITFORGE_ADMINS spells her in.
    expect(await outcome(svc.user, GUARDED.resetWorkload!)).toBe('FORBIDDEN');
    expect(await outcome(svc.listedAdmin, GUARDED.resetWorkload!)).toBe('OK');
  });
});
