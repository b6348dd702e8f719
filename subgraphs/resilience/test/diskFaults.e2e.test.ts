import { startService, verifyKeys, writeKeys, type TestService } from './helpers';

jest.setTimeout(180_000);

let svc: TestService;
beforeAll(async () => {
  svc = await startService();
});
afterAll(async () => {
  await svc?.close();
});

describe('damaged checkpoint files are detected and recovery falls back', () => {
  it('skips a corrupt newest snapshot and replays from the one before it', async () => {
    await svc.client.switchStrategy('CHECKPOINTING', { fsync: 'GROUP', snapshotEveryWrites: 100 });
    const { acked } = await writeKeys(svc.client, 'snap-', 450);
    const detail = await svc.client.injectFailure('CORRUPT_SNAPSHOT');
    expect(detail).toMatch(/flipped 16 bytes/);
    await svc.client.injectFailure('PROCESS_CRASH');
    await svc.local.restart();

    const report = await svc.client.recover();
    expect(report.snapshotsRejected).toBe(1);
    expect(report.notes.join(' ')).toMatch(/SHA-256 mismatch/);
    expect(report.recoveredFrom).toBe('SNAPSHOT_AND_LOG');
    expect(report.logRecordsReplayed).toBeGreaterThan(0);
    expect(report.acknowledgedWritesLost).toBe(0);
    expect(await verifyKeys(svc.client, acked)).toEqual([]);
  });

  it('cuts off a torn log tail, loses nothing acknowledged, and keeps appending after it', async () => {
    await svc.client.switchStrategy('CHECKPOINTING', {
      fsync: 'ALWAYS',
      snapshotEveryWrites: 100_000,
    });
    await svc.client.resetWorkload();
    const first = await writeKeys(svc.client, 'torn-a-', 150);
    expect(await svc.client.injectFailure('TORN_WAL_TAIL')).toMatch(/appended \d+ of \d+ bytes/);
    const report = await svc.client.recover();
    expect(report.logBytesDiscarded).toBeGreaterThan(0);
    expect(report.notes.join(' ')).toMatch(/torn tail/);
    expect(report.logRecordsReplayed).toBe(150);
    expect(report.acknowledgedWritesLost).toBe(0);
    expect(report.keysRecovered).toBe(150);

    // The log was truncated where it became invalid, so later writes survive the next crash.
    const second = await writeKeys(svc.client, 'torn-b-', 100);
    await svc.client.injectFailure('PROCESS_CRASH');
    await svc.local.restart();
    const again = await svc.client.recover();
    expect(again.logBytesDiscarded).toBe(0);
    expect(again.acknowledgedWritesLost).toBe(0);
    const all = new Map([...first.acked, ...second.acked]);
    expect(await verifyKeys(svc.client, all)).toEqual([]);
  });

  it('applies only to strategies that keep files', async () => {
    await svc.client.switchStrategy('BASELINE');
    await expect(svc.client.injectFailure('CORRUPT_SNAPSHOT')).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
  });
});
