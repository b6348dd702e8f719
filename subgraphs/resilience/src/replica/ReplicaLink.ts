import { connect, type Socket } from 'node:net';
import type { ReplicaInfo, ReplicaState, StateSnapshot } from '../strategies/types';
import { LineReader, encodeMessage, type FromReplica, type ToReplica } from './protocol';

type Hello = Extract<FromReplica, { t: 'hello' }>;

/**
 * The coordinator's side of one replica node: its connection (when there is one), its state
 * and the highest write it has acknowledged.
 */
export class ReplicaLink {
  state: ReplicaState = 'DOWN';
  ackedSeq = 0;
  pid: number | null = null;
  port: number | null = null;
  keys: number | null = null;
  changedAt = new Date();
  private socket: Socket | undefined;
  private dumpSink:
    | {
        entries: Map<string, string>;
        done: (seq: number, synced: boolean) => void;
        fail: (err: Error) => void;
      }
    | undefined;
  private downWaiters: (() => void)[] = [];

  constructor(
    readonly node: number,
    private readonly onAck: () => void,
    private readonly onDown: (link: ReplicaLink) => void,
  ) {}

  get connected(): boolean {
    return this.socket !== undefined;
  }

  /** Connects and exchanges hellos; rejects when nothing answers as this node. */
  attach(port: number, generation: string, timeoutMs: number): Promise<Hello> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1' });
      const reader = new LineReader();
      const timer = setTimeout(
        () => fail(new Error(`replica ${this.node} did not answer`)),
        timeoutMs,
      );
      let hello: Hello | undefined;
      const fail = (err: Error) => {
        clearTimeout(timer);
        socket.destroy();
        reject(err);
      };
      socket.setNoDelay(true);
      socket.once('error', fail);
      socket.once('connect', () => socket.write(encodeMessage({ t: 'hello', generation })));
      socket.on('data', (chunk: Buffer) => {
        for (const line of reader.push(chunk)) {
          const message = JSON.parse(line) as FromReplica;
          if (!hello && message.t === 'hello') {
            clearTimeout(timer);
            if (message.node !== this.node) return fail(new Error('another node answered'));
            hello = message;
            socket.off('error', fail);
            socket.on('error', () => socket.destroy());
            socket.once('close', () => this.closed());
            this.socket = socket;
            this.pid = message.pid;
            this.port = port;
            this.keys = message.keys;
            this.ackedSeq = message.seq;
            this.setState(
              message.synced && message.generation === generation ? 'IN_SYNC' : 'STALE',
            );
            resolve(message);
          } else {
            this.receive(message);
          }
        }
      });
    });
  }

  send(message: ToReplica | string): void {
    this.socket?.write(typeof message === 'string' ? message : encodeMessage(message));
  }

  /** Streams the replica's whole state to the coordinator (failover). */
  dump(): Promise<StateSnapshot & { synced: boolean }> {
    return new Promise((resolve, reject) => {
      if (!this.socket) return reject(new Error(`replica ${this.node} is down`));
      const entries = new Map<string, string>();
      this.dumpSink = {
        entries,
        done: (lastSeq, synced) => resolve({ entries, lastSeq, synced }),
        fail: reject,
      };
      this.send({ t: 'dump' });
    });
  }

  /** Resolves when the connection is gone (at once when there is none). */
  whenDown(): Promise<void> {
    if (!this.socket) return Promise.resolve();
    return new Promise((resolve) => this.downWaiters.push(resolve));
  }

  setState(state: ReplicaState): void {
    if (state === this.state) return;
    this.state = state;
    this.changedAt = new Date();
  }

  info(): ReplicaInfo {
    const { node, pid, port, state, ackedSeq, keys, changedAt } = this;
    return { node, pid, port, state, ackedSeq, keys, changedAt };
  }

  private receive(message: FromReplica): void {
    if (message.t === 'ack') {
      if (message.seq > this.ackedSeq) this.ackedSeq = message.seq;
      this.keys = message.keys;
      this.onAck();
    } else if (message.t === 'entries') {
      for (const [key, value] of message.entries) this.dumpSink?.entries.set(key, value);
    } else if (message.t === 'dumpEnd') {
      const sink = this.dumpSink;
      this.dumpSink = undefined;
      sink?.done(message.seq, message.synced);
    }
  }

  private closed(): void {
    this.socket = undefined;
    this.setState('DOWN');
    this.dumpSink?.fail(new Error(`replica ${this.node} went down during a dump`));
    this.dumpSink = undefined;
    const waiters = this.downWaiters;
    this.downWaiters = [];
    for (const waiter of waiters) waiter();
    this.onDown(this);
  }
}
