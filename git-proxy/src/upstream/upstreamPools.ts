import { Pool } from 'undici';

export interface UpstreamPoolOptions {
  /** Gitea / githost origin, possibly with a path prefix (`http://host/gitea`). */
  url: string;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  idleTimeoutMs: number;
  apiTimeoutMs: number;
}

/**
 * Two keep-alive pools to the same host: long git streams must never starve the short
 * permission and credential calls that every new request makes first.
 */
export class UpstreamPools {
  readonly git: Pool;
  readonly api: Pool;
  /** Path prefix of the upstream URL, without a trailing slash. */
  readonly basePath: string;

  constructor(readonly options: UpstreamPoolOptions) {
    const url = new URL(options.url);
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.git = new Pool(url.origin, {
      connections: 256,
      connectTimeout: options.connectTimeoutMs,
      headersTimeout: options.headersTimeoutMs,
      bodyTimeout: options.idleTimeoutMs,
      keepAliveTimeout: 30_000,
    });
    this.api = new Pool(url.origin, {
      connections: 32,
      connectTimeout: options.connectTimeoutMs,
      headersTimeout: options.apiTimeoutMs,
      bodyTimeout: options.apiTimeoutMs,
      keepAliveTimeout: 30_000,
    });
  }

  async close(): Promise<void> {
    await Promise.all([this.git.destroy(), this.api.destroy()]);
  }
}
