import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startService, verifyKeys, writeKeys, type TestService } from './helpers';

jest.setTimeout(240_000);

interface Replica {
  node: number;
  pid: number;
  state: string;
  ackedSeq: number;
  keys: number;
}

let svc: TestService;
const replicas = async () =>
  (
    await svc.client.request<{ resilience: { replicas: Replica[]; lastSeq: number } }>(
      '{ resilience { lastSeq replicas { node pid state ackedSeq keys } } }',
    )
  ).resilience;

beforeAll(async () => {
  svc = await startService();
});
afterAll(async () => {
  await svc?.close();
});

describe('REPLICATION with MAJORITY', () => {
  it('runs three replica processes that write their pid files', async () => {
    await svc.client.switchStrategy('REPLICATION', { replicas: 3, quorum: 'MAJORITY' });
    const { replicas: nodes } = await replicas();
    expect(nodes.map((r) => r.state)).toEqual(['IN_SYNC', 'IN_SYNC', 'IN_SYNC']);
    for (const r of nodes) {
      const pidFile = join(svc.dataDir, 'run', `resilience-replica-${r.node}.pid`);
      expect(Number(readFileSync(pidFile, 'utf8'))).toBe(r.pid);
      expect(r.pid).not.toBe(svc.local.pid);
    }
  });

  it('loses no acknowledged write when one replica is SIGKILLed mid-workload, then the service too', async () => {
    const { acked, failed, action } = await writeKeys(svc.client, 'm-', 400, 8, {
      afterAcks: 150,
      action: () => svc.client.injectFailure('REPLICA_CRASH', 2),
    });
    expect(await action).toMatch(/SIGKILL sent to replica 2/);
    expect(failed).toBe(0); // two of three still make a majority
    const degraded = await replicas();
    expect(degraded.replicas[1]!.state).toBe('DOWN');

    await svc.client.injectFailure('PROCESS_CRASH');
    await svc.local.restart();
    const restarted = await replicas();
    // The survivors were adopted; node 2 is a new, empty process that does not count yet.
    expect(restarted.replicas.map((r) => r.state)).toEqual(['IN_SYNC', 'STALE', 'IN_SYNC']);

    const report = await svc.client.recover();
    expect(report.recoveredFrom).toBe('REPLICA');
    expect([1, 3]).toContain(report.replicaNode);
    expect(report.replicasResynced).toBeGreaterThanOrEqual(1);
    expect(report.acknowledgedWritesLost).toBe(0);
    expect(report.keysRecovered).toBe(400);
    expect(await verifyKeys(svc.client, acked)).toEqual([]);

    const healed = await replicas();
    expect(healed.replicas.map((r) => r.state)).toEqual(['IN_SYNC', 'IN_SYNC', 'IN_SYNC']);
    expect(healed.replicas.map((r) => r.keys)).toEqual([400, 400, 400]);
  });

  it('with ALL, a dead replica makes writes fail unacknowledged until recovery restarts it', async () => {
    await svc.client.switchStrategy('REPLICATION', { quorum: 'ALL', replicaTimeoutMs: 500 });
    await svc.client.store('before', '1');
    await svc.client.injectFailure('REPLICA_CRASH', 3);
    await expect(svc.client.store('during', '2')).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
    });
    const report = await svc.client.recover();
    expect(report.recoveredFrom).toBe('MEMORY');
    expect(report.replicasResynced).toBe(1);
    await svc.client.store('after', '3');
    expect(await svc.client.values(['before', 'after'])).toEqual(['1', '3']);
  });
});
