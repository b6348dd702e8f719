import { BlockList, isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';

/** `::ffff:192.0.2.1` (an IPv4 peer on a dual-stack socket) is `192.0.2.1`. */
export function normalizeAddress(address: string): string {
  const trimmed = address.trim().replace(/^\[(.*)\]$/, '$1');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return (mapped?.[1] ?? trimmed).toLowerCase();
}

/**
 * The proxies whose `X-Forwarded-For` is believed (`TRUSTED_PROXIES`: addresses and CIDR
 * ranges). Empty: nobody's, the socket address is the client.
 */
export class TrustedProxies {
  private readonly list = new BlockList();
  readonly empty: boolean;

  constructor(entries: readonly string[] = []) {
    for (const entry of entries) {
      const [address = '', bits] = entry.split('/');
      const ip = normalizeAddress(address);
      const family = isIP(ip);
      if (family === 0) throw new Error(`Not an IP address or CIDR range: ${entry}`);
      const type = family === 6 ? 'ipv6' : 'ipv4';
      if (bits === undefined) this.list.addAddress(ip, type);
      else this.list.addSubnet(ip, Number(bits), type);
    }
    this.empty = entries.length === 0;
  }

  has(address: string): boolean {
    const ip = normalizeAddress(address);
    const family = isIP(ip);
    return family !== 0 && this.list.check(ip, family === 6 ? 'ipv6' : 'ipv4');
  }
}

/**
 * The address a request comes from, for per-client limits. `X-Forwarded-For` is read right to
 * left from the socket's peer, and only while each hop is a trusted proxy: the first address
 * not trusted is the client (what a client writes into the header itself sits further left
 * and is never reached). Without trusted proxies it is the socket address.
 */
export function clientAddress(req: IncomingMessage, trusted: TrustedProxies): string {
  const peer = normalizeAddress(req.socket.remoteAddress ?? 'unknown');
  if (trusted.empty || !trusted.has(peer)) return peer;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map(normalizeAddress)
    .filter((hop) => hop !== '');
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    const hop = hops[i]!;
    if (isIP(hop) === 0) break;
    client = hop;
    if (!trusted.has(hop)) break;
  }
  return client;
}

/**
 * The `TRUSTED_PROXIES` variable: addresses and CIDR ranges separated by commas or spaces;
 * unset or empty trusts no proxy.
 */
export const trustedProxiesVariable = () =>
  z
    .string()
    .default('')
    .transform((value, ctx) => {
      try {
        return new TrustedProxies(value.split(/[\s,]+/).filter((entry) => entry !== ''));
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    });
