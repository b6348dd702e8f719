import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startService, verifyKeys, writeKeys, type TestService } from './helpers';

jest.setTimeout(240_000);

let svc: TestService;
beforeAll(async () => {
  svc = await startService();
  await svc.client.switchStrategy('HYBRID', { fsync: 'GROUP', snapshotEveryWrites: 150 });
});
afterAll(async () => {
  await svc?.close();
});

/** What an external tool does: kill -9 every pid in $GITFORGE_DATA_DIR/run/. */
function killAllReplicasByPidFile(dataDir: string): number {
  const run = join(dataDir, 'run');
  const pids = readdirSync(run)
    .filter((f) => /^resilience-replica-\d+\.pid$/.test(f))
    .map((f) => Number(readFileSync(join(run, f), 'utf8')));
  for (const pid of pids) process.kill(pid, 'SIGKILL');
  return pids.length;
}

describe('HYBRID', () => {
  it('fails over to a replica when only the service dies', async () => {
    const { acked } = await writeKeys(svc.client, 'h1-', 200);
    await svc.client.injectFailure('PROCESS_CRASH');
    await svc.local.restart();
    const report = await svc.client.recover();
    expect(report.recoveredFrom).toBe('REPLICA');
    expect(report.acknowledgedWritesLost).toBe(0);
    expect(await verifyKeys(svc.client, acked)).toEqual([]);
  });

  it('loses no acknowledged write when every replica and the service are SIGKILLed', async () => {
    const first = await svc.client.values(['h1-0']);
    expect(first[0]).toBeDefined();
    const { acked, action } = await writeKeys(svc.client, 'h2-', 400, 8, {
      afterAcks: 200,
      action: async () => {
        expect(killAllReplicasByPidFile(svc.dataDir)).toBe(3);
        await svc.local.kill();
      },
    });
    await action;
    await svc.local.restart();
    const report = await svc.client.recover();
    expect(report.recoveredFrom).toBe('SNAPSHOT_AND_LOG');
    expect(report.replicaNode).toBeNull();
    expect(report.replicasResynced).toBe(3);
    expect(report.acknowledgedWritesLost).toBe(0);
    expect(report.keysRecovered).toBeGreaterThanOrEqual(200 + acked.size);
    expect(await verifyKeys(svc.client, acked)).toEqual([]);

    const { replicas } = (
      await svc.client.request<{ resilience: { replicas: { state: string; keys: number }[] } }>(
        '{ resilience { replicas { state keys } } }',
      )
    ).resilience;
    expect(replicas.every((r) => r.state === 'IN_SYNC' && r.keys === report.keysRecovered)).toBe(
      true,
    );
  });
});
