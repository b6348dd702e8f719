import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import {
  DomainError,
  circuitOpenFailure,
  classifyUpstreamError,
  classifyUpstreamStatus,
  maskError,
  overloadedFailure,
  requestBudgetMs,
  upstreamExtensions,
} from '@gitforge/errors';

/** A TCP server whose behaviour per connection the test chooses: hang, or reset at once. */
async function tcpServer(onConnection: (socket: Socket) => void): Promise<{
  url: string;
  close: () => Promise<void>;
}> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The error a real undici request throws. */
async function failureOf(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (err) {
    return err;
  }
  throw new Error('the call succeeded');
}

async function closedPortUrl(): Promise<string> {
  const server = await tcpServer(() => undefined);
  await server.close();
  return server.url;
}

describe('classifyUpstreamError (real undici failures)', () => {
  const agent = new Agent({ headersTimeout: 200, bodyTimeout: 200, connect: { timeout: 200 } });
  afterAll(() => agent.close());

  it('a refused connection is unreachable: UPSTREAM_UNAVAILABLE, 502, an upstream fault', async () => {
    const url = await closedPortUrl();
    const err = await failureOf(() => request(url, { dispatcher: agent }));
    expect(classifyUpstreamError('gitea', err)).toEqual({
      upstream: 'gitea',
      kind: 'unreachable',
      code: 'UPSTREAM_UNAVAILABLE',
      httpStatus: 502,
      isUpstreamFault: true,
      reason: 'ECONNREFUSED',
    });
  });

  it('a reset connection is unreachable', async () => {
    const server = await tcpServer((socket) => socket.resetAndDestroy());
    try {
      const err = await failureOf(() => request(server.url, { dispatcher: agent }));
      const failure = classifyUpstreamError('gitea', err);
      expect(failure).toMatchObject({
        kind: 'unreachable',
        httpStatus: 502,
        isUpstreamFault: true,
      });
      expect(failure.reason).toMatch(/^(ECONNRESET|UND_ERR_SOCKET)$/);
    } finally {
      await server.close();
    }
  });

  it('a hung upstream (accepts, never answers) is a timeout, whichever deadline fires', async () => {
    const server = await tcpServer(() => undefined);
    try {
      const headers = await failureOf(() => request(server.url, { dispatcher: agent }));
      const aborted = await failureOf(() =>
        request(server.url, { signal: AbortSignal.timeout(100), dispatcher: new Agent() }),
      );
      for (const err of [headers, aborted]) {
        expect(classifyUpstreamError('repository', err)).toEqual({
          upstream: 'repository',
          kind: 'timeout',
          code: 'UPSTREAM_UNAVAILABLE',
          httpStatus: 504,
          isUpstreamFault: true,
          reason: 'timeout',
        });
      }
    } finally {
      await server.close();
    }
  });

  it('a timeout wrapped as a cause (fetch failed) is still a timeout', () => {
    const inner = Object.assign(new Error('Connect Timeout Error'), {
      code: 'UND_ERR_CONNECT_TIMEOUT',
    });
    const outer = new TypeError('fetch failed', { cause: inner });
    expect(classifyUpstreamError('githost', outer).kind).toBe('timeout');
  });

  it('an answer that does not parse is a bad response (an upstream fault)', () => {
    let parseError: unknown;
    try {
      JSON.parse('<html>');
    } catch (err) {
      parseError = err;
    }
    expect(classifyUpstreamError('gitea', parseError)).toMatchObject({
      kind: 'bad_response',
      code: 'UPSTREAM_UNAVAILABLE',
      isUpstreamFault: true,
    });
  });
});

describe('classifyUpstreamStatus', () => {
  it.each([
    [400, 'BAD_USER_INPUT', 400],
    [401, 'UNAUTHENTICATED', 401],
    [403, 'FORBIDDEN', 403],
    [404, 'NOT_FOUND', 404],
    [409, 'CONFLICT', 409],
    [413, 'PAYLOAD_TOO_LARGE', 413],
    [422, 'BAD_USER_INPUT', 400],
    [429, 'RATE_LIMITED', 429],
    [418, 'BAD_USER_INPUT', 400],
  ])('%d is a rejection (%s, %d) and never an upstream fault', (status, code, httpStatus) => {
    expect(classifyUpstreamStatus('gitea', status)).toEqual({
      upstream: 'gitea',
      kind: 'rejected',
      code,
      httpStatus,
      isUpstreamFault: false,
      reason: `HTTP ${status}`,
      status,
    });
  });

  it.each([
    [500, 'server_error', 502],
    [502, 'server_error', 502],
    [503, 'server_error', 502],
    [504, 'timeout', 504],
    [302, 'bad_response', 502],
  ])('%d is %s: UPSTREAM_UNAVAILABLE (%d), an upstream fault', (status, kind, httpStatus) => {
    expect(classifyUpstreamStatus('gitea', status)).toMatchObject({
      kind,
      code: 'UPSTREAM_UNAVAILABLE',
      httpStatus,
      isUpstreamFault: true,
    });
  });
});

describe('our own refusals', () => {
  it('circuit open is UPSTREAM_UNAVAILABLE (503); a full bulkhead is RATE_LIMITED (429); neither is a fault', () => {
    expect(circuitOpenFailure('gitea')).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      httpStatus: 503,
      isUpstreamFault: false,
    });
    expect(overloadedFailure('gitea')).toMatchObject({
      code: 'RATE_LIMITED',
      httpStatus: 429,
      isUpstreamFault: false,
    });
  });
});

describe('DomainError extensions through maskError', () => {
  it('a domain error names its upstream and reason to the client', () => {
    const failure = classifyUpstreamStatus('gitea', 503);
    const err = new DomainError(
      failure.code,
      'Gitea answered 503',
      undefined,
      upstreamExtensions(failure),
    );
    const out = maskError({ message: 'x' }, err, () => undefined);
    expect(out.extensions).toEqual({
      code: 'UPSTREAM_UNAVAILABLE',
      http: { status: 502 },
      upstream: 'gitea',
      reason: 'HTTP 503',
    });
  });
});

describe('requestBudgetMs (layered deadlines)', () => {
  it('caps the own budget by the caller’s timeout less a margin (10 %, at least 250 ms)', () => {
    expect(requestBudgetMs(8000, '10000')).toBe(8000);
    expect(requestBudgetMs(8000, '5000')).toBe(4500);
    expect(requestBudgetMs(8000, '1000')).toBe(750);
    expect(requestBudgetMs(8000, ['2000'])).toBe(1750);
    expect(requestBudgetMs(8000, '100')).toBe(1);
  });

  it('keeps the own budget without a usable header', () => {
    expect(requestBudgetMs(8000, undefined)).toBe(8000);
    expect(requestBudgetMs(8000, 'soon')).toBe(8000);
    expect(requestBudgetMs(8000, '-5')).toBe(8000);
  });
});
