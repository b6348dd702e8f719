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
  readonly headers: Headers;
  readonly redirected = false;
  bodyUsed = false;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    headers: Headers | Record<string, string | string[] | undefined>,
    private readonly body: string,
  ) {
    if (headers instanceof Headers) {
      this.headers = headers;
    } else {
      this.headers = new Headers();
      for (const [name, value] of Object.entries(headers)) {
        if (value === undefined) continue;
        for (const v of Array.isArray(value) ? value : [value]) this.headers.append(name, v);
      }
    }
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
    return new BufferedResponse(this.url, this.status, this.statusText, this.headers, this.body);
  }

  /** The same body with another status. */
  withStatus(status: number): BufferedResponse {
    return new BufferedResponse(this.url, status, 'OK', this.headers, this.body);
  }
}
