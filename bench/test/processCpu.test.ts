import {
  backendDatabase,
  cpuSecondsBetween,
  listProcesses,
  parseProcStat,
  processTicks,
  snapshotCpu,
} from '../suite/processCpu';
import { summarizeRss } from '../suite/soak';

// A real line of /proc/<pid>/stat (postgres backend), and one whose command name has a space
// and a ')' in it, as a process may name itself.
const BACKEND_STAT =
  '14371 (postgres) S 2234 2234 2234 0 -1 4194624 1920 0 0 0 37 12 3 4 20 0 1 0 29031 226328576 3652 18446744073709551615 1 1 0 0 0 0 4194304 19935232 536888839 0 0 0 17 1 0 0 0 0 0';
const ODD_STAT =
  '42 (my (odd) name) R 1 42 42 0 -1 4194560 100 0 0 0 250 75 10 5 20 0 4 0 100 1000 10';

describe('/proc/<pid>/stat parsing', () => {
  it('reads pid, command, parent and the four CPU times in ticks', () => {
    expect(parseProcStat(BACKEND_STAT)).toEqual({
      pid: 14371,
      comm: 'postgres',
      ppid: 2234,
      utime: 37,
      stime: 12,
      cutime: 3,
      cstime: 4,
    });
  });

  it('takes the command name up to the last parenthesis', () => {
    expect(parseProcStat(ODD_STAT)).toMatchObject({
      pid: 42,
      comm: 'my (odd) name',
      ppid: 1,
      utime: 250,
      stime: 75,
    });
  });

  it('refuses what is not a stat line', () => {
    expect(() => parseProcStat('hello')).toThrow(/not a \/proc/);
    expect(() => parseProcStat('1 (x) S 1 1')).toThrow(/bad \/proc stat field/);
  });

  it('reads this process from the real /proc, and nothing for a pid that is gone', () => {
    const ticks = processTicks(process.pid);
    expect(ticks).toBeGreaterThanOrEqual(0);
    expect(listProcesses().some((p) => p.stat.pid === process.pid)).toBe(true);
    expect(processTicks(2 ** 22 + 1)).toBeUndefined(); // above pid_max's ceiling
    expect(snapshotCpu({ me: [process.pid, 2 ** 22 + 1] }).me!.has(2 ** 22 + 1)).toBe(false);
  });
});

describe('PostgreSQL backends by database', () => {
  it('finds the database in the process title, with or without a cluster name', () => {
    expect(
      backendDatabase('postgres: 15/main: postgres gitforge_bench_1_x 127.0.0.1(34990) idle'),
    ).toBe('gitforge_bench_1_x');
    expect(backendDatabase('postgres: alice shop [local] SELECT')).toBe('shop');
    expect(backendDatabase('postgres: bob test ::1(5000) idle in transaction')).toBe('test');
  });

  it("ignores the server's own processes and anything else", () => {
    for (const title of [
      'postgres: 15/main: checkpointer',
      'postgres: 15/main: background writer',
      'postgres: 15/main: logical replication launcher',
      '/usr/lib/postgresql/15/bin/postgres -D /var/lib/postgresql/15/main',
      'node gateway/dist/main.js',
    ]) {
      expect(backendDatabase(title)).toBeUndefined();
    }
  });
});

describe('CPU seconds between two snapshots', () => {
  it('sums per group: differences, whole time of new pids, nothing for pids that ended', () => {
    const before = {
      gateway: new Map([[10, 500]]),
      postgres: new Map([
        [20, 100],
        [21, 50],
      ]),
    };
    const after = {
      gateway: new Map([[10, 800]]),
      // 20 went on, 21 ended, 22 started during the window.
      postgres: new Map([
        [20, 130],
        [22, 7],
      ]),
      redis: new Map([[30, 5]]),
    };
    expect(cpuSecondsBetween(before, after)).toEqual({
      gateway: 3,
      postgres: 0.37,
      redis: 0.05,
    });
  });

  it('never counts a pid reused with a lower count as negative time', () => {
    expect(cpuSecondsBetween({ g: new Map([[1, 900]]) }, { g: new Map([[1, 100]]) }).g).toBe(0);
  });
});

describe('RSS of the soak', () => {
  const MB = 1024 * 1024;
  it('takes medians of the first and last samples, the max, and the growth between', () => {
    const samples = [100, 140, 101, 102, 120, 150, 160, 130, 131, 132].map((m) => m * MB);
    expect(summarizeRss(samples, 3, 4)).toEqual({
      startBytes: 101 * MB,
      maxBytes: 160 * MB,
      endBytes: 131 * MB,
      growthBytes: 30 * MB,
      // Lowest of the first 4 (100) and of the last 4 (130).
      floorStartBytes: 100 * MB,
      floorEndBytes: 130 * MB,
      floorGrowthBytes: 30 * MB,
      samples: 10,
    });
  });

  it('sees through a crest at the end: the floor shows no growth', () => {
    const waves = Array.from({ length: 600 }, (_, i) => (200 + (i % 40 < 20 ? 0 : 120)) * MB);
    const r = summarizeRss(waves, 10);
    expect(r.growthBytes).toBe(120 * MB);
    expect(r.floorGrowthBytes).toBe(0);
  });

  it('copes with short series', () => {
    expect(summarizeRss([5 * MB], 10)).toMatchObject({ startBytes: 5 * MB, growthBytes: 0 });
    expect(summarizeRss([1, 3], 10)).toMatchObject({ startBytes: 1, endBytes: 3, growthBytes: 2 });
    expect(summarizeRss([], 10).growthBytes).toBeNaN();
  });
});
