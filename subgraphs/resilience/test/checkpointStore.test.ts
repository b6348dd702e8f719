import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@gitforge/logging';
import { CheckpointStore } from '../src/storage/CheckpointStore';
import { decodeRecord, encodeRecord } from '../src/storage/walRecord';
import { listCheckpointFiles, segmentPath, snapshotPath } from '../src/storage/walFiles';
import { WalWriter } from '../src/storage/WalWriter';
import { applyOps } from '../src/strategies/applyOps';
import type { FsyncPolicy, StateSnapshot, WriteOp } from '../src/strategies/types';

const logger = createLogger('test', 'silent');
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'checkpoint-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A store over an in-memory map, as CheckpointingStrategy uses it. */
function open(policy: FsyncPolicy = 'ALWAYS', every = 1_000_000) {
  const state: StateSnapshot = { entries: new Map(), lastSeq: 0 };
  const store = new CheckpointStore(
    dir,
    { fsync: policy, snapshotEveryWrites: every, snapshotIntervalMs: 3_600_000 },
    () => state,
    logger,
  );
  let seq = 0;
  const put = (key: string, value: string) => {
    const ops: WriteOp[] = [{ type: 'put', key, value, seq: ++seq }];
    state.lastSeq = applyOps(state.entries, ops, state.lastSeq);
    return store.append(ops);
  };
  return { store, state, put };
}

describe('write-ahead log records', () => {
  it('round-trip, and a short or damaged record is told apart', () => {
    const record = encodeRecord({ type: 'put', key: 'k', value: 'v\nw', seq: 7 });
    expect(decodeRecord(record, 0)).toMatchObject({
      kind: 'record',
      op: { type: 'put', key: 'k', value: 'v\nw', seq: 7 },
    });
    expect(decodeRecord(record.subarray(0, record.length - 1), 0).kind).toBe('torn');
    const flipped = Buffer.from(record);
    flipped[flipped.length - 2]! ^= 0x01;
    expect(decodeRecord(flipped, 0)).toMatchObject({
      kind: 'corrupt',
      reason: 'checksum mismatch',
    });
    expect(decodeRecord(encodeRecord({ type: 'delete', key: 'k', seq: 8 }), 0)).toMatchObject({
      op: { type: 'delete', key: 'k', seq: 8 },
    });
  });
});

describe('CheckpointStore', () => {
  it('recovers snapshot + log and stops at a torn tail, truncating it', async () => {
    const a = open('GROUP');
    await a.store.open();
    await a.store.reset(a.state);
    for (let i = 0; i < 20; i++) await a.put(`k${i}`, `v${i}`);
    await a.store.close();
    const [segment] = (await listCheckpointFiles(dir)).segments;
    const torn = encodeRecord({ type: 'put', key: 'torn', value: 'x'.repeat(50), seq: 99 });
    await appendFile(segmentPath(dir, segment!), torn.subarray(0, 20));

    const b = open('GROUP');
    const { state, outcome } = await b.store.recover();
    expect(state.entries.size).toBe(20);
    expect(state.entries.has('torn')).toBe(false);
    expect(outcome).toMatchObject({
      source: 'SNAPSHOT_AND_LOG',
      logRecordsReplayed: 20,
      logBytesDiscarded: 20,
    });
    await b.store.close();
    const c = open('GROUP');
    expect((await c.store.recover()).outcome.logBytesDiscarded).toBe(0);
    await c.store.close();
  });

  it('stops replay at a corrupt record in the middle and says how much it discarded', async () => {
    const a = open();
    await a.store.open();
    await a.store.reset(a.state);
    for (let i = 0; i < 9; i++) await a.put(`k${i}`, `v${i}`); // equal-sized records
    await a.store.close();
    const [segment] = (await listCheckpointFiles(dir)).segments;
    const path = segmentPath(dir, segment!);
    const bytes = readFileSync(path);
    const recordBytes = bytes.length / 9;
    bytes[recordBytes * 4 + 12]! ^= 0xff; // inside the 5th record's payload
    writeFileSync(path, bytes);
    const { state, outcome } = await open().store.recover();
    expect(state.entries.size).toBe(4);
    expect(outcome.logBytesDiscarded).toBe(recordBytes * 5);
    expect(outcome.notes.join(' ')).toMatch(/checksum mismatch/);
  });

  it('falls back to the previous snapshot when the newest is corrupt', async () => {
    const a = open('GROUP', 10);
    await a.store.open();
    await a.store.reset(a.state);
    for (let i = 0; i < 35; i++) {
      await a.put(`k${i}`, `v${i}`);
      await a.store.checkpoint().catch(() => undefined);
    }
    await a.store.close();
    const { snapshots } = await listCheckpointFiles(dir);
    expect(snapshots.length).toBe(2);
    const newest = snapshotPath(dir, snapshots[0]!);
    const bytes = readFileSync(newest);
    bytes[bytes.length - 5]! ^= 0xff;
    writeFileSync(newest, bytes);

    const { state, outcome } = await open().store.recover();
    expect(outcome.snapshotsRejected).toBe(1);
    expect(outcome.source).toBe('SNAPSHOT_AND_LOG');
    expect(state.entries.size).toBe(35);
    expect(state.entries.get('k34')).toBe('v34');
  });
});

describe('fsync policies', () => {
  it('ALWAYS fsyncs once per write; GROUP shares fsyncs between concurrent writes; NONE never', async () => {
    const counts: Record<string, number> = {};
    for (const policy of ['ALWAYS', 'GROUP', 'NONE'] as const) {
      const writer = await WalWriter.open(
        dir,
        policy,
        policy === 'ALWAYS' ? 1 : policy === 'GROUP' ? 2 : 3,
      );
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          writer.append(encodeRecord({ type: 'put', key: `k${i}`, value: 'v', seq: i + 1 })),
        ),
      );
      counts[policy] = writer.fsyncs;
      await writer.close();
    }
    expect(counts.ALWAYS).toBe(50);
    expect(counts.GROUP).toBeGreaterThanOrEqual(1);
    expect(counts.GROUP).toBeLessThan(50);
    expect(counts.NONE).toBe(0);
  });
});
