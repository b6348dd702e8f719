import { connectHost, displayHost, httpUrl } from '../src/hosts';

describe('hosts', () => {
  it('connects to loopback when a service binds a wildcard address', () => {
    expect(connectHost('0.0.0.0')).toBe('127.0.0.1');
    expect(connectHost('::')).toBe('::1');
    expect(connectHost('10.1.2.3')).toBe('10.1.2.3');
  });

  it('shows loopback and wildcard addresses as localhost', () => {
    expect(displayHost('127.0.0.1')).toBe('localhost');
    expect(displayHost('0.0.0.0')).toBe('localhost');
    expect(displayHost('gitforge.internal')).toBe('gitforge.internal');
  });

  it('brackets IPv6 literals in URLs', () => {
    expect(httpUrl('::1', 4001, '/graphql')).toBe('http://[::1]:4001/graphql');
    expect(httpUrl('localhost', 4000, '/graphql')).toBe('http://localhost:4000/graphql');
  });
});
