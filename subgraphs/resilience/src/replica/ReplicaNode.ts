import type { Socket } from 'node:net';
import {
  DUMP_CHUNK,
  LineReader,
  encodeMessage,
  type FromReplica,
  type ToReplica,
} from './protocol';

/**
 * The state of one replica process: a map applied in stream order. It is `synced` once a
 * coordinator has loaded it completely; only then does it acknowledge writes or serve failover.
 */
export class ReplicaNode {
  private readonly map = new Map<string, string>();
  private seq = 0;
  private synced = false;
  private generation: string | null = null;

  constructor(private readonly node: number) {}

  get keys(): number {
    return this.map.size;
  }

  attach(socket: Socket): void {
    const reader = new LineReader();
    const send = (message: FromReplica) => socket.write(encodeMessage(message));
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      let ack = false;
      for (const line of reader.push(chunk)) {
        const message = JSON.parse(line) as ToReplica;
        ack = this.handle(message, send) || ack;
      }
      if (ack) send({ t: 'ack', seq: this.seq, keys: this.map.size });
    });
    socket.on('error', () => socket.destroy());
  }

  /** Returns true when the message calls for an acknowledgement. */
  private handle(message: ToReplica, send: (m: FromReplica) => void): boolean {
    switch (message.t) {
      case 'hello':
        send({
          t: 'hello',
          node: this.node,
          pid: process.pid,
          generation: this.generation,
          synced: this.synced,
          seq: this.seq,
          keys: this.map.size,
        });
        return false;
      case 'w':
        for (const [seq, key, value] of message.ops) {
          if (value === undefined) this.map.delete(key);
          else this.map.set(key, value);
          if (seq > this.seq) this.seq = seq;
        }
        return this.synced;
      case 'reset':
        this.map.clear();
        this.seq = 0;
        this.synced = false;
        this.generation = message.generation;
        return false;
      case 'load':
        for (const [key, value] of message.entries) this.map.set(key, value);
        return false;
      case 'synced':
        this.seq = message.seq;
        this.synced = true;
        return true;
      case 'dump':
        this.dump(send);
        return false;
    }
  }

  private dump(send: (m: FromReplica) => void): void {
    let chunk: [string, string][] = [];
    for (const entry of this.map) {
      chunk.push(entry);
      if (chunk.length === DUMP_CHUNK) {
        send({ t: 'entries', entries: chunk });
        chunk = [];
      }
    }
    if (chunk.length > 0) send({ t: 'entries', entries: chunk });
    send({ t: 'dumpEnd', seq: this.seq, synced: this.synced });
  }
}
