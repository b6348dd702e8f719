import { readFile } from 'node:fs/promises';
import { applyOps } from '../strategies/applyOps';
import type { StateSnapshot } from '../strategies/types';
import { decodeRecord } from './walRecord';
import { segmentPath } from './walFiles';

export interface ReplayResult {
  replayed: number;
  discardedBytes: number;
  /** Where the valid log ends, when it ends before the last byte. */
  stoppedAt?: { segment: number; offset: number; reason: string };
}

/**
 * Applies every valid record of `segments` (ascending) to `state`, in file order. The first
 * torn or corrupt record ends the log: what follows it, in that segment and later ones, is
 * not trusted (applying it would skip the writes in the damaged part).
 */
export async function replayLog(
  dir: string,
  segments: readonly number[],
  state: StateSnapshot,
): Promise<ReplayResult> {
  const result: ReplayResult = { replayed: 0, discardedBytes: 0 };
  for (const segment of segments) {
    const buf = await readFile(segmentPath(dir, segment));
    if (result.stoppedAt) {
      result.discardedBytes += buf.length;
      continue;
    }
    let offset = 0;
    while (offset < buf.length) {
      const decoded = decodeRecord(buf, offset);
      if (decoded.kind !== 'record') {
        result.stoppedAt = {
          segment,
          offset,
          reason: decoded.kind === 'torn' ? `torn tail (${decoded.reason})` : decoded.reason,
        };
        result.discardedBytes += buf.length - offset;
        break;
      }
      state.lastSeq = applyOps(state.entries, [decoded.op], state.lastSeq);
      result.replayed++;
      offset += decoded.bytes;
    }
  }
  return result;
}
