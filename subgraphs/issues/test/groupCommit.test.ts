import { GroupCommit } from '../src/write/GroupCommit';

/** A commit function whose calls stay open until the test lets them finish. */
function heldCommits() {
  const calls: { key: string; items: number[]; finish: () => void; fail: (e: unknown) => void }[] =
    [];
  const commit = (key: string, items: number[]) =>
    new Promise<string[]>((resolve, reject) => {
      calls.push({
        key,
        items,
        finish: () => resolve(items.map((i) => `${key}:${i}`)),
        fail: reject,
      });
    });
  return { calls, commit };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const dataError = () => Object.assign(new Error('value too long'), { code: '22001' });

describe('GroupCommit', () => {
  it('commits what arrives in one turn together, and what arrives meanwhile as the next batch', async () => {
    const { calls, commit } = heldCommits();
    const sizes: number[] = [];
    const group = new GroupCommit<number, string>({ commit, onBatch: (n) => sizes.push(n) });
    const first = [1, 2, 3].map((i) => group.submit('a', i));
    await until(() => calls.length === 1, 'the first batch');
    expect(calls[0]!.items).toEqual([1, 2, 3]);
    // Arriving while batch 1 commits: they wait for it, then go together.
    const second = [4, 5, 6, 7].map((i) => group.submit('a', i));
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toHaveLength(1);
    calls[0]!.finish();
    expect(await Promise.all(first)).toEqual(['a:1', 'a:2', 'a:3']);
    await until(() => calls.length === 2, 'the second batch');
    expect(calls[1]!.items).toEqual([4, 5, 6, 7]);
    calls[1]!.finish();
    expect(await Promise.all(second)).toEqual(['a:4', 'a:5', 'a:6', 'a:7']);
    expect(sizes).toEqual([3, 4]);
    await until(() => group.activeKeys === 0, 'the key to be forgotten');
  });

  it('caps a batch at maxBatch and keeps the order', async () => {
    const { calls, commit } = heldCommits();
    const group = new GroupCommit<number, string>({ commit, maxBatch: 2 });
    const all = [1, 2, 3, 4, 5].map((i) => group.submit('a', i));
    for (let n = 1; n <= 3; n++) {
      await until(() => calls.length === n, `batch ${n}`);
      calls[n - 1]!.finish();
    }
    expect(calls.map((c) => c.items)).toEqual([[1, 2], [3, 4], [5]]);
    expect(await Promise.all(all)).toEqual(['a:1', 'a:2', 'a:3', 'a:4', 'a:5']);
  });

  it('runs one batch per key at a time and different keys in parallel', async () => {
    const { calls, commit } = heldCommits();
    const group = new GroupCommit<number, string>({ commit });
    const a = group.submit('a', 1);
    const b = group.submit('b', 2);
    await until(() => calls.length === 2, 'both keys');
    expect(calls.map((c) => c.key).sort()).toEqual(['a', 'b']);
    const a2 = group.submit('a', 3);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toHaveLength(2);
    calls.find((c) => c.key === 'b')!.finish();
    expect(await b).toBe('b:2');
    expect(calls).toHaveLength(2); // a's next batch still waits for a's first
    calls.find((c) => c.key === 'a')!.finish();
    expect(await a).toBe('a:1');
    await until(() => calls.length === 3, "a's second batch");
    calls[2]!.finish();
    expect(await a2).toBe('a:3');
  });

  it("commits each item alone after a row's data error, so only the faulty one fails", async () => {
    const committed: number[][] = [];
    const group = new GroupCommit<number, number>({
      commit: async (_key, items) => {
        committed.push(items);
        if (items.includes(13)) throw dataError();
        return items.map((i) => i * 10);
      },
      isItemFault: (err) => (err as { code?: string }).code === '22001',
    });
    const results = await Promise.allSettled([11, 12, 13, 14].map((i) => group.submit('a', i)));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 'failed'))).toEqual([
      110,
      120,
      'failed',
      140,
    ]);
    expect(committed).toEqual([[11, 12, 13, 14], [11], [12], [13], [14]]);
  });

  it('fails the whole batch on an error that is no row fault, and goes on with the next', async () => {
    const { calls, commit } = heldCommits();
    const group = new GroupCommit<number, string>({
      commit,
      isItemFault: (err) => (err as { code?: string }).code === '22001',
    });
    const batch = [1, 2].map((i) => group.submit('a', i));
    await until(() => calls.length === 1, 'the batch');
    const later = group.submit('a', 3);
    calls[0]!.fail(new Error('connection terminated'));
    const settled = await Promise.allSettled(batch);
    expect(settled.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    await until(() => calls.length === 2, 'the next batch');
    expect(calls[1]!.items).toEqual([3]);
    calls[1]!.finish();
    expect(await later).toBe('a:3');
  });

  it('refuses a maxBatch that is not a positive integer', () => {
    expect(() => new GroupCommit({ commit: async () => [], maxBatch: 0 })).toThrow('maxBatch');
  });
});
