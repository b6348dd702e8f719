import { StringDecoder } from 'node:string_decoder';

/** A write on the wire: `[seq, key, value]` for a put, `[seq, key]` for a delete. */
export type WireOp = [number, string, string?];

/** Coordinator → replica, one JSON object per line over loopback TCP. */
export type ToReplica =
  | { t: 'hello'; generation: string }
  | { t: 'w'; ops: WireOp[] }
  | { t: 'reset'; generation: string }
  | { t: 'load'; entries: [string, string][] }
  | { t: 'synced'; seq: number }
  | { t: 'dump' };

/** Replica → coordinator. Acks are cumulative: every write up to `seq` is applied. */
export type FromReplica =
  | {
      t: 'hello';
      node: number;
      pid: number;
      generation: string | null;
      synced: boolean;
      seq: number;
      keys: number;
    }
  | { t: 'ack'; seq: number; keys: number }
  | { t: 'entries'; entries: [string, string][] }
  | { t: 'dumpEnd'; seq: number; synced: boolean };

export const encodeMessage = (message: ToReplica | FromReplica): string =>
  `${JSON.stringify(message)}\n`;

/** Splits a byte stream into lines (JSON escapes every newline inside a string). */
export class LineReader {
  private readonly decoder = new StringDecoder('utf8');
  private rest = '';

  push(chunk: Buffer): string[] {
    const text = this.rest + this.decoder.write(chunk);
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    return lines.filter((line) => line.length > 0);
  }
}

export const DUMP_CHUNK = 1000;
