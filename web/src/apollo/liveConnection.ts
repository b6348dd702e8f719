import type { Client } from 'graphql-ws';

export type ConnectionState = 'online' | 'reconnecting';

/** What the UI reads (useSyncExternalStore): is the live connection down right now? */
export interface ConnectionStatus {
  get(): ConnectionState;
  subscribe(listener: () => void): () => void;
}

/** For views rendered without a socket (tests with a fake link): always online. */
export const alwaysOnline: ConnectionStatus = {
  get: () => 'online',
  subscribe: () => () => {},
};

/**
 * The graphql-ws socket as the live views see it: `reconnecting` from a drop while any
 * subscription is open until the next acknowledged connection, and the hook resumable
 * subscriptions use to resubscribe from their cursors once it is back.
 */
export class LiveConnection implements ConnectionStatus {
  private state: ConnectionState = 'online';
  private dropped = false;
  private open = 0;
  private readonly listeners = new Set<() => void>();
  private readonly resumers = new Set<() => void>();
  private readonly unlisten: (() => void)[];

  constructor(wsClient: Pick<Client, 'on'>) {
    this.unlisten = [
      wsClient.on('closed', () => {
        // A lazy close after the last subscription ended is no drop.
        if (this.open === 0) return;
        this.dropped = true;
        this.set('reconnecting');
      }),
      // Emitted when the server acknowledges, before graphql-ws sends the operations it retries:
      // a resumer that replaces its operation here is the only one sent on the new socket.
      wsClient.on('connected', () => {
        const resume = this.dropped;
        this.dropped = false;
        this.set('online');
        if (resume) for (const resumer of [...this.resumers]) resumer();
      }),
    ];
  }

  get(): ConnectionState {
    return this.state;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Counts an open subscription (the socket is only "down" while one needs it). */
  track(): () => void {
    this.open += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.open -= 1;
      if (this.open === 0) {
        this.dropped = false;
        this.set('online');
      }
    };
  }

  /** Called when the socket is back after a drop; returns the unregister function. */
  onResume(resumer: () => void): () => void {
    this.resumers.add(resumer);
    return () => this.resumers.delete(resumer);
  }

  dispose(): void {
    for (const off of this.unlisten) off();
    this.listeners.clear();
    this.resumers.clear();
  }

  private set(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    for (const listener of [...this.listeners]) listener();
  }
}
