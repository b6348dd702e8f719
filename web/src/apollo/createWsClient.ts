import { createClient, type Client } from 'graphql-ws';

export interface WsClientOptions {
  url: string;
  authorization: string | undefined;
  /** The gateway refused the token in connectionParams (close code 4403). */
  onSessionRejected: () => void;
  /** A ping goes out after this long without a pong; default 10 s. */
  keepAliveMs?: number;
  /** No pong in this time: the socket is taken for dead and replaced; default 5 s. */
  pongTimeoutMs?: number;
  /** First reconnection delay, doubled per failed attempt up to 10× (and 10 s); default 1 s. */
  retryBaseMs?: number;
  /** Where `offline` / `online` are listened to; default `window` (none outside a browser). */
  network?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
}

export interface WsClient {
  client: Client;
  dispose: () => Promise<void>;
}

/**
 * The graphql-ws client of a session. Live views must come back by themselves: it retries
 * forever (exponential backoff up to 10 s, cut short when the browser comes back online), and it
 * does not wait for TCP to notice a dead network: the socket is dropped at once when the browser
 * goes offline, and when a ping gets no pong in time.
 */
export function createWsClient(options: WsClientOptions): WsClient {
  const network = options.network ?? (typeof window === 'undefined' ? undefined : window);
  const pongTimeoutMs = options.pongTimeoutMs ?? 5_000;
  const retryBaseMs = options.retryBaseMs ?? 1_000;
  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  const wakeUps = new Set<() => void>();
  // The browser came back online before graphql-ws started waiting: try at once.
  let cameOnline = false;

  const client: Client = createClient({
    url: options.url,
    connectionParams: () => (options.authorization ? { authorization: options.authorization } : {}),
    lazy: true,
    keepAlive: options.keepAliveMs ?? 10_000,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: async (retries) => {
      if (cameOnline) {
        cameOnline = false;
        return;
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          wakeUps.delete(wake);
          resolve();
        };
        const delay = Math.min(retryBaseMs * 2 ** retries, Math.max(10_000, retryBaseMs * 10));
        const timer = setTimeout(wake, delay);
        wakeUps.add(wake);
      });
    },
    on: {
      ping: (received) => {
        if (received) return;
        clearTimeout(pongTimer);
        pongTimer = setTimeout(() => client.terminate(), pongTimeoutMs);
      },
      pong: (received) => {
        if (received) clearTimeout(pongTimer);
      },
      closed: (event) => {
        clearTimeout(pongTimer);
        // 4403: the gateway refused the token in connectionParams.
        if (options.authorization && (event as { code?: number } | undefined)?.code === 4403) {
          options.onSessionRejected();
        }
      },
    },
  });

  const offline = () => {
    cameOnline = false;
    client.terminate();
  };
  const online = () => {
    if (wakeUps.size === 0) cameOnline = true;
    for (const wake of [...wakeUps]) wake();
  };
  network?.addEventListener('offline', offline);
  network?.addEventListener('online', online);

  return {
    client,
    dispose: async () => {
      network?.removeEventListener('offline', offline);
      network?.removeEventListener('online', online);
      clearTimeout(pongTimer);
      // Rejects when a reconnection was pending and never came: nothing left to close then.
      try {
        await client.dispose();
      } catch {
        // nothing to close
      }
    },
  };
}
