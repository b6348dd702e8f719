import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@gitforge/logging';
import { CheckpointStore } from '../../subgraphs/resilience/src/storage/CheckpointStore';
import type { StateSnapshot } from '../../subgraphs/resilience/src/strategies/types';
import { createBackup } from '../src/createBackup';
import { restoreBackup } from '../src/restoreBackup';

/**
 * The resilience store's files (checkpointing strategy: snapshots plus a write-ahead log) are
 * backed up as the newest valid snapshot and the log from it on; restored, the store recovers
 * to the same state, also when the newest snapshot on disk was corrupt.
 */

const work = mkdtempSync(join(tmpdir(), 'gitforge-resilience-backup-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const logger = createLogger('backup-test', 'silent');
const options = {
  fsync: 'ALWAYS' as const,
  snapshotEveryWrites: 1_000_000,
  snapshotIntervalMs: 3_600_000,
};

async function openStore(dataDir: string, state: StateSnapshot): Promise<CheckpointStore> {
  const store = new CheckpointStore(
    join(dataDir, 'resilience', 'checkpointing-abc123'),
    options,
    () => state,
    logger,
  );
  await store.open();
  return store;
}

it('keeps the newest valid snapshot and the log after it; the restored store recovers the same state', async () => {
  const dataDir = join(work, 'data');
  const state: StateSnapshot = { entries: new Map(), lastSeq: 0 };
  const store = await openStore(dataDir, state);
  await store.reset(state);
  const put = async (key: string, value: string) => {
    state.lastSeq++;
    state.entries.set(key, value);
    await store.append([{ type: 'put', key, value, seq: state.lastSeq }]);
  };
  for (let i = 0; i < 20; i++) await put(`k${i}`, `before checkpoint ${i}`);
  await store.checkpoint();
  for (let i = 0; i < 10; i++) await put(`k${i}`, `after first checkpoint ${i}`);
  await store.checkpoint();
  for (let i = 20; i < 25; i++) await put(`k${i}`, `in the log only ${i}`);
  await store.corruptNewestSnapshot();
  await writeFile(
    join(dataDir, 'resilience', 'strategy.json'),
    JSON.stringify({ kind: 'CHECKPOINTING', generation: 'abc123', config: {}, activatedAt: '' }),
  );

  const { path, manifest } = await createBackup({ dir: join(work, 'backups'), dataDir });
  const kept = manifest.files.map((f) => f.path).filter((p) => p.includes('checkpointing-abc123'));
  // The corrupt newest snapshot is left out; the older valid one and every segment it needs are in.
  expect(kept.filter((p) => p.endsWith('.snap'))).toHaveLength(1);
  expect(kept.filter((p) => p.endsWith('.log')).length).toBeGreaterThanOrEqual(2);
  await store.close();

  const restoredDir = join(work, 'restored');
  await restoreBackup({ backup: path, dataDir: restoredDir });
  expect(readdirSync(join(restoredDir, 'resilience'))).toEqual([
    'checkpointing-abc123',
    'strategy.json',
  ]);
  const restored = await openStore(restoredDir, { entries: new Map(), lastSeq: 0 });
  const { state: recovered } = await restored.recover();
  await restored.close();
  expect(recovered.lastSeq).toBe(state.lastSeq);
  expect([...recovered.entries].sort()).toEqual([...state.entries].sort());
});
