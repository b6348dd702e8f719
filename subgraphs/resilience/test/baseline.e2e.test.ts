import { startService, verifyKeys, writeKeys, type TestService } from './helpers';

jest.setTimeout(120_000);

let svc: TestService;
beforeAll(async () => {
  svc = await startService();
});
afterAll(async () => {
  await svc?.close();
});

describe('BASELINE', () => {
  it('loses every acknowledged write in a process crash, and says so', async () => {
    expect((await svc.client.status()).strategy).toBe('BASELINE');
    const { acked } = await writeKeys(svc.client, 'b-', 200);
    expect(acked.size).toBe(200);
    await svc.client.injectFailure('PROCESS_CRASH');
    await svc.local.restart();

    const report = await svc.client.recover();
    expect(report).toMatchObject({
      strategy: 'BASELINE',
      recoveredFrom: 'NOTHING',
      keysRecovered: 0,
      acknowledgedKeysChecked: 200,
      acknowledgedWritesLost: 200,
      missingKeys: 200,
    });
    expect(report.faultToFirstReadMs).toBeGreaterThan(0);
    expect(await verifyKeys(svc.client, acked)).toHaveLength(200);
  });

  it('loses everything on a memory wipe; the ledger was rebased, so the next count starts fresh', async () => {
    const { acked } = await writeKeys(svc.client, 'w-', 50, 4);
    await svc.client.injectFailure('MEMORY_WIPE');
    const report = await svc.client.recover();
    expect(report.acknowledgedKeysChecked).toBe(50);
    expect(report.acknowledgedWritesLost).toBe(50);
    expect(await verifyKeys(svc.client, acked)).toHaveLength(50);
  });
});
