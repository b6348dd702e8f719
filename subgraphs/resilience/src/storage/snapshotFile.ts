import { createHash } from 'node:crypto';
import type { StateSnapshot } from '../strategies/types';

const MAGIC = 'GFSNAP1 ';

export interface SnapshotHeader {
  seq: number;
  /** Replay continues from the start of this log segment. */
  segment: number;
  count: number;
  bytes: number;
  sha256: string;
  createdAt: string;
}

/** Serialises synchronously, so the snapshot is exactly the state at `state.lastSeq`. */
export function encodeSnapshot(state: StateSnapshot, segment: number): Buffer {
  const body = Buffer.from(JSON.stringify(Array.from(state.entries)), 'utf8');
  const header: SnapshotHeader = {
    seq: state.lastSeq,
    segment,
    count: state.entries.size,
    bytes: body.length,
    sha256: createHash('sha256').update(body).digest('hex'),
    createdAt: new Date().toISOString(),
  };
  return Buffer.concat([Buffer.from(`${MAGIC}${JSON.stringify(header)}\n`, 'utf8'), body]);
}

export type DecodedSnapshot =
  { ok: true; header: SnapshotHeader; state: StateSnapshot } | { ok: false; reason: string };

/** Verifies magic, length and SHA-256 before trusting a byte of the body. */
export function decodeSnapshot(file: Buffer): DecodedSnapshot {
  const newline = file.indexOf(0x0a);
  if (newline < 0 || file.subarray(0, MAGIC.length).toString('utf8') !== MAGIC) {
    return { ok: false, reason: 'no snapshot header' };
  }
  let header: SnapshotHeader;
  try {
    header = JSON.parse(file.subarray(MAGIC.length, newline).toString('utf8')) as SnapshotHeader;
  } catch {
    return { ok: false, reason: 'unreadable header' };
  }
  const body = file.subarray(newline + 1);
  if (body.length !== header.bytes) {
    return { ok: false, reason: `body is ${body.length} bytes, header says ${header.bytes}` };
  }
  if (createHash('sha256').update(body).digest('hex') !== header.sha256) {
    return { ok: false, reason: 'SHA-256 mismatch' };
  }
  try {
    const pairs = JSON.parse(body.toString('utf8')) as [string, string][];
    return { ok: true, header, state: { entries: new Map(pairs), lastSeq: header.seq } };
  } catch {
    return { ok: false, reason: 'body is not JSON' };
  }
}
