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
  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  const wakeUps = new Set<() => void>();

  const client: Client = createClient({
    url: options.url,
    connectionParams: () => (options.authorization ? { authorization: options.authorization } : {}),
    lazy: true,
    keepAlive: options.keepAliveMs ?? 10_000,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: async (retries) => {
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          wakeUps.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(1000 * 2 ** retries, 10_000));
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

  const offline = () => client.terminate();
  const online = () => {
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
      await client.dispose();
    },
  };
}
