/** The address a local client connects to for a server bound to `host`. */
export function connectHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '::1';
  return host;
}

/** `host` as it appears in a URL (IPv6 literals in brackets). */
export function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** The host shown to people: loopback and wildcard addresses read better as `localhost`. */
export function displayHost(host: string): string {
  return ['127.0.0.1', '0.0.0.0', '::', '::1', 'localhost'].includes(host) ? 'localhost' : host;
}

export function httpUrl(host: string, port: number, path: string): string {
  return `http://${urlHost(host)}:${port}${path}`;
}
