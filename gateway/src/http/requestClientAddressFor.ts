import type { IncomingMessage } from 'node:http';
import { clientAddress, TrustedProxies } from '@gitforge/server';

/**
 * The address per-client limits count against: the socket's peer, or the client a trusted
 * proxy names in `X-Forwarded-For` (anyone else can write that header).
 */
export function requestClientAddressFor(
  trusted: TrustedProxies = new TrustedProxies(),
): (req: IncomingMessage) => string {
  return (req) => clientAddress(req, trusted);
}
