import { crc32 } from 'node:zlib';
import type { WriteOp } from '../strategies/types';

/** Record layout: u32 payload length, u32 CRC-32 of the payload, payload (JSON `[seq, key, value?]`). */
export const HEADER_BYTES = 8;

export function encodeRecord(op: WriteOp): Buffer {
  const payload = Buffer.from(
    JSON.stringify(op.type === 'put' ? [op.seq, op.key, op.value] : [op.seq, op.key]),
    'utf8',
  );
  const record = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
  record.writeUInt32LE(payload.length, 0);
  record.writeUInt32LE(crc32(payload), 4);
  payload.copy(record, HEADER_BYTES);
  return record;
}

export type DecodeResult =
  | { kind: 'record'; op: WriteOp; bytes: number }
  | { kind: 'torn'; reason: string }
  | { kind: 'corrupt'; reason: string };

/** Largest payload a valid record can have (a 64 KiB value JSON-escaped, plus key and seq). */
const MAX_PAYLOAD = 8 * 1024 * 1024;

/** Decodes the record at `offset`; a short read is a torn tail, a bad checksum or shape is corruption. */
export function decodeRecord(buf: Buffer, offset: number): DecodeResult {
  if (buf.length - offset < HEADER_BYTES) return { kind: 'torn', reason: 'partial header' };
  const length = buf.readUInt32LE(offset);
  if (length === 0 || length > MAX_PAYLOAD) {
    return { kind: 'corrupt', reason: `implausible length ${length}` };
  }
  if (buf.length - offset - HEADER_BYTES < length) {
    return { kind: 'torn', reason: `record needs ${length} bytes` };
  }
  const payload = buf.subarray(offset + HEADER_BYTES, offset + HEADER_BYTES + length);
  if (crc32(payload) !== buf.readUInt32LE(offset + 4)) {
    return { kind: 'corrupt', reason: 'checksum mismatch' };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload.toString('utf8'));
  } catch {
    return { kind: 'corrupt', reason: 'payload is not JSON' };
  }
  if (!Array.isArray(parsed) || typeof parsed[0] !== 'number' || typeof parsed[1] !== 'string') {
    return { kind: 'corrupt', reason: 'payload has the wrong shape' };
  }
  const [seq, key, value] = parsed as [number, string, unknown];
  const op: WriteOp =
    typeof value === 'string' ? { type: 'put', key, value, seq } : { type: 'delete', key, seq };
  return { kind: 'record', op, bytes: HEADER_BYTES + length };
}
