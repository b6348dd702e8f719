import { GraphQLRequestError } from '../../../chaos/src/ResilienceClient';
import { startService, verifyKeys, writeKeys, type TestService } from './helpers';

jest.setTimeout(240_000);

let svc: TestService;
beforeAll(async () => {
  svc = await startService();
  await svc.client.switchStrategy('CHECKPOINTING', { fsync: 'ALWAYS', snapshotEveryWrites: 120 });
});
afterAll(async () => {
  await svc?.close();
});

describe('CHECKPOINTING with fsync ALWAYS under real SIGKILLs', () => {
  it('loses no acknowledged write over repeated process kills, in-process and from outside', async () => {
    const everything = new Map<string, string>();
    for (let round = 0; round < 4; round++) {
      const before = await svc.client.status();
      // Even rounds: the service SIGKILLs itself (injectFailure); odd rounds: kill -9 from outside.
      const { acked, action } = await writeKeys(svc.client, `r${round}-`, 300, 8, {
        afterAcks: 60 + 40 * round,
        action: () =>
          round % 2 === 0 ? svc.client.injectFailure('PROCESS_CRASH') : svc.local.kill(),
      });
      await action;
      await svc.local.restart();

      const after = await svc.client.status();
      expect(after.pid).not.toBe(before.pid);
      expect(after).toMatchObject({ strategy: 'CHECKPOINTING', state: 'RECOVERY_PENDING' });
      await expect(svc.client.values(['r0-0'])).rejects.toMatchObject({
        code: 'UPSTREAM_UNAVAILABLE',
      });

      const report = await svc.client.recover();
      for (const [key, value] of acked) everything.set(key, value);
      expect(report.recoveredFrom).toBe('SNAPSHOT_AND_LOG');
      expect(report.acknowledgedWritesLost).toBe(0);
      expect(report.acknowledgedKeysChecked).toBeGreaterThanOrEqual(everything.size);
      expect(report.keysRecovered).toBeGreaterThanOrEqual(everything.size);
      expect(report.rtoMs).toBeGreaterThan(0);
      if (round % 2 === 0) expect(report.faultToFirstReadMs).toBeGreaterThan(0);
      expect(await verifyKeys(svc.client, everything)).toEqual([]);
    }
  });

  it('comes back with the same configuration after a restart', async () => {
    const config = await svc.client.request<{
      resilience: { strategy: string; config: { fsync: string; snapshotEveryWrites: number } };
    }>('{ resilience { strategy config { fsync snapshotEveryWrites } } }');
    expect(config.resilience).toEqual({
      strategy: 'CHECKPOINTING',
      config: { fsync: 'ALWAYS', snapshotEveryWrites: 120 },
    });
  });

  it('refuses writes while recovery is pending', async () => {
    await svc.client.injectFailure('MEMORY_WIPE');
    const err = await svc.client.store('blocked', 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphQLRequestError);
    expect((err as GraphQLRequestError).code).toBe('UPSTREAM_UNAVAILABLE');
    const report = await svc.client.recover();
    expect(report.acknowledgedWritesLost).toBe(0);
    expect(report.notes).toEqual([]);
  });
});
