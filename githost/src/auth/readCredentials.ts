import type { IncomingMessage } from 'node:http';

export type Credentials =
  | { kind: 'none' }
  | { kind: 'token'; token: string }
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'malformed' };

/**
 * What a request presents, the ways Gitea accepts it: `Authorization: token <t>`,
 * `Authorization: Bearer <t>`, `Authorization: Basic <user:password-or-token>`, `?token=`,
 * `?access_token=`.
 */
export function readCredentials(req: IncomingMessage, url: URL): Credentials {
  const header = req.headers.authorization;
  if (header) {
    const space = header.indexOf(' ');
    const scheme = (space > 0 ? header.slice(0, space) : header).toLowerCase();
    const value = space > 0 ? header.slice(space + 1).trim() : '';
    if ((scheme === 'token' || scheme === 'bearer') && value)
      return { kind: 'token', token: value };
    if (scheme === 'basic' && value) {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return { kind: 'malformed' };
      return {
        kind: 'basic',
        username: decoded.slice(0, colon),
        password: decoded.slice(colon + 1),
      };
    }
    return { kind: 'malformed' };
  }
  const token = url.searchParams.get('token') ?? url.searchParams.get('access_token');
  if (token) return { kind: 'token', token };
  return { kind: 'none' };
}
