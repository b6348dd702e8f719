import type { IncomingMessage } from 'node:http';
import { clientAddress, TrustedProxies, trustedProxiesVariable } from '@gitforge/server';

const request = (peer: string, forwardedFor?: string) =>
  ({
    socket: { remoteAddress: peer },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  }) as unknown as IncomingMessage;

describe('clientAddress', () => {
  const none = new TrustedProxies();
  const gateway = new TrustedProxies(['127.0.0.1', '10.0.0.0/8', '::1']);

  it('is the socket address when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress(request('203.0.113.5', '198.51.100.1'), none)).toBe('203.0.113.5');
    expect(clientAddress(request('::ffff:203.0.113.5'), none)).toBe('203.0.113.5');
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    expect(clientAddress(request('203.0.113.5', '198.51.100.1'), gateway)).toBe('203.0.113.5');
  });

  it('takes the hop before the trusted proxies, not what the client wrote further left', () => {
    // The client forged "198.51.100.1"; the gateway appended the real peer 203.0.113.7.
    const req = request('::ffff:127.0.0.1', '198.51.100.1, 203.0.113.7');
    expect(clientAddress(req, gateway)).toBe('203.0.113.7');
    expect(clientAddress(request('127.0.0.1', '203.0.113.7, 10.1.2.3'), gateway)).toBe(
      '203.0.113.7',
    );
  });

  it('stops at a hop that is not an address', () => {
    expect(clientAddress(request('127.0.0.1', 'evil, garbage'), gateway)).toBe('127.0.0.1');
  });

  it('refuses a malformed TRUSTED_PROXIES entry', () => {
    expect(() => new TrustedProxies(['gateway.local'])).toThrow(/Not an IP address/);
  });
});

describe('TRUSTED_PROXIES', () => {
  it('parses addresses and ranges, and reports a bad entry', () => {
    const parsed = trustedProxiesVariable().parse('127.0.0.1, 10.0.0.0/8 ::1');
    expect(parsed.has('10.9.8.7')).toBe(true);
    expect(parsed.has('::ffff:127.0.0.1')).toBe(true);
    expect(parsed.has('192.0.2.1')).toBe(false);
    expect(trustedProxiesVariable().parse(undefined).empty).toBe(true);
    expect(trustedProxiesVariable().safeParse('10.0.0.0/8,proxy').success).toBe(false);
  });
});
