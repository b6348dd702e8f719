import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

const SEGMENT = /^wal-(\d{8})\.log$/;
const SNAPSHOT = /^snapshot-(\d{8})\.snap$/;

export const segmentPath = (dir: string, segment: number): string =>
  join(dir, `wal-${String(segment).padStart(8, '0')}.log`);

export const snapshotPath = (dir: string, segment: number): string =>
  join(dir, `snapshot-${String(segment).padStart(8, '0')}.snap`);

export interface CheckpointFiles {
  /** Ascending segment numbers. */
  segments: number[];
  /** Descending: newest first. A snapshot is named after the log segment replay starts from. */
  snapshots: number[];
  temps: string[];
}

export async function listCheckpointFiles(dir: string): Promise<CheckpointFiles> {
  const names = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [] as string[];
    throw err;
  });
  const segments: number[] = [];
  const snapshots: number[] = [];
  const temps: string[] = [];
  for (const name of names) {
    const seg = SEGMENT.exec(name);
    const snap = SNAPSHOT.exec(name);
    if (seg) segments.push(Number(seg[1]));
    else if (snap) snapshots.push(Number(snap[1]));
    else if (name.endsWith('.tmp')) temps.push(join(dir, name));
  }
  segments.sort((a, b) => a - b);
  snapshots.sort((a, b) => b - a);
  return { segments, snapshots, temps };
}
