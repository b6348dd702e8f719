import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AckLedger } from '../src/services/AckLedger';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('AckLedger', () => {
  it('counts missing, stale and resurrected keys, and survives reopening', async () => {
    const ledger = await AckLedger.open(dir);
    await ledger.record([
      { type: 'put', key: 'a', value: '1', seq: 1 },
      { type: 'put', key: 'b', value: '1', seq: 2 },
      { type: 'put', key: 'b', value: '2', seq: 3 },
      { type: 'put', key: 'c', value: '1', seq: 4 },
      { type: 'delete', key: 'c', seq: 5 },
      { type: 'put', key: 'd', value: '1', seq: 6 },
    ]);
    await ledger.close();

    const reopened = await AckLedger.open(dir);
    expect(reopened.size).toBe(4);
    expect(reopened.highestSeq).toBe(6);
    const count = reopened.verify(
      new Map([
        ['b', '1'],
        ['c', 'back'],
        ['d', '1'],
      ]),
    );
    expect(count).toMatchObject({
      acknowledgedKeys: 4,
      lost: 3,
      missing: 1,
      stale: 1,
      resurrected: 1,
    });
    expect(count.sample.sort()).toEqual(['a', 'b', 'c']);

    await reopened.rebase(new Map([['x', '1']]), 10);
    expect(reopened.verify(new Map([['x', '1']])).lost).toBe(0);
    await reopened.close();
    expect((await AckLedger.open(dir)).size).toBe(1);
  });
});
