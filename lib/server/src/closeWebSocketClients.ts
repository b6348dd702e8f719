/** What of a `ws` WebSocket the shutdown needs (kept structural: lib/server does not depend on ws). */
interface ClosableSocket {
  readonly readyState: number;
  readonly CLOSED: number;
  once(event: 'close', listener: () => void): unknown;
  terminate(): void;
}

/**
 * After a graphql-ws server's `dispose` (which sends 1001 Going Away), waits up to `graceMs`
 * for the peers to close, then cuts off the ones that did not answer.
 */
export async function closeWebSocketClients(
  sockets: readonly ClosableSocket[],
  graceMs = 1000,
): Promise<void> {
  const closed = Promise.all(
    sockets.map(
      (ws) =>
        new Promise<void>((resolve) => {
          if (ws.readyState === ws.CLOSED) resolve();
          else ws.once('close', () => resolve());
        }),
    ),
  );
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, graceMs);
    timer.unref();
  });
  await Promise.race([closed, grace]);
  clearTimeout(timer);
  for (const ws of sockets) ws.terminate();
}
