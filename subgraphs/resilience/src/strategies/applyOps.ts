import type { WriteOp } from './types';

/** Applies writes in order to an in-memory map; returns the highest sequence number seen. */
export function applyOps(
  map: Map<string, string>,
  ops: readonly WriteOp[],
  lastSeq: number,
): number {
  let seq = lastSeq;
  for (const op of ops) {
    if (op.type === 'put') map.set(op.key, op.value);
    else map.delete(op.key);
    if (op.seq > seq) seq = op.seq;
  }
  return seq;
}
