import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import { Headers } from 'undici';

export type Fetcher = RemoteGraphQLDataSource['fetcher'];
export type FetcherRequestInit = NonNullable<Parameters<Fetcher>[1]>;
export type FetcherResponse = Awaited<ReturnType<Fetcher>>;

/**
 * A fully read subgraph response in the shape `RemoteGraphQLDataSource` expects from a fetch.
 * Subgraph answers are small JSON documents, so reading them whole is cheaper than a stream.
 */
export class BufferedResponse implements FetcherResponse {
  readonly redirected = false;
  bodyUsed = false;
  private built?: Headers;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    private readonly rawHeaders: Headers | Record<string, string | string[] | undefined>,
    private readonly body: string,
  ) {}

  /** Built on first use: most calls only need `header()`. */
  get headers(): Headers {
    if (this.built) return this.built;
    const raw = this.rawHeaders;
    if (raw instanceof Headers) {
      this.built = raw;
    } else {
      this.built = new Headers();
      for (const [name, value] of Object.entries(raw)) {
        if (value === undefined) continue;
        for (const v of Array.isArray(value) ? value : [value]) this.built.append(name, v);
      }
    }
    return this.built;
  }

  /** One header (lower-case name), without building `headers`. */
  header(name: string): string | null {
    const raw = this.rawHeaders;
    if (raw instanceof Headers) return raw.get(name);
    const value = raw[name];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  async text(): Promise<string> {
    this.bodyUsed = true;
    return this.body;
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = Buffer.from(await this.text(), 'utf8');
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  }

  clone(): BufferedResponse {
    return new BufferedResponse(this.url, this.status, this.statusText, this.rawHeaders, this.body);
  }

  /** The same body with another status. */
  withStatus(status: number): BufferedResponse {
    return new BufferedResponse(this.url, status, 'OK', this.rawHeaders, this.body);
  }
}
