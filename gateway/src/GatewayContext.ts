import type { IncomingMessage } from 'node:http';
import { viewerFromAuthorization, type SessionChecks, type Viewer } from '@gitforge/auth';
import { currentRequestId, REQUEST_ID_HEADER } from '@gitforge/logging';

/** What every operation through the gateway carries; subgraph calls forward it. */
export interface GatewayContext {
  /** The caller's `Authorization` header, forwarded verbatim (subgraphs verify it too). */
  authorization?: string;
  viewer: Viewer | null;
  requestId?: string;
  /** The client chain (`X-Forwarded-For` plus the peer address), for per-client limits upstream. */
  forwardedFor?: string;
  /** The address per-client limits count against (when the caller is not signed in). */
  clientAddress?: string;
}

/**
 * Verifies the session JWT at the edge: no header → anonymous; a bad or ended one (`checks`:
 * logout, logoutEverywhere) throws UNAUTHENTICATED (HTTP 401) before any subgraph is called.
 */
export async function createGatewayContext(
  req: IncomingMessage,
  jwtSecret: string,
  checks: SessionChecks = {},
): Promise<GatewayContext> {
  const header = req.headers.authorization;
  const viewer = await viewerFromAuthorization(jwtSecret, header, checks);
  const incomingId = req.headers[REQUEST_ID_HEADER];
  const requestId = currentRequestId() ?? (typeof incomingId === 'string' ? incomingId : undefined);
  const peer = req.socket.remoteAddress;
  const chain = [req.headers['x-forwarded-for'], peer].filter(
    (v): v is string => typeof v === 'string',
  );
  return {
    ...(header ? { authorization: header } : {}),
    viewer,
    requestId,
    ...(chain.length > 0 ? { forwardedFor: chain.join(', ') } : {}),
  };
}
