import { Writable } from 'node:stream';
import { ApolloServer } from '@apollo/server';
import { HealthChecks } from '@gitforge/health';
import { createLogger, setRequestUser } from '@gitforge/logging';
import { createMetrics } from '@gitforge/metrics';
import {
  accessLogEnvModel,
  accessLogPolicyFromEnv,
  boundedOperationNames,
  graphqlRoute,
  operationNamePlugin,
  sendJson,
  startServiceServer,
  type ServiceServer,
} from '@gitforge/server';

type Line = Record<string, unknown> & { level: number; msg: string };

const DEBUG = 20;
const INFO = 30;
const WARN = 40;

let lines: Line[] = [];
let server: ServiceServer;
let apollo: ApolloServer;

/** A destination whose lines land in `lines`. */
function collect(): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString('utf8').split('\n')) {
        if (text) lines.push(JSON.parse(text) as Line);
      }
      done();
    },
  });
}

async function start(level: string): Promise<ServiceServer> {
  const logger = createLogger('access-test', level, collect());
  return startServiceServer({
    service: 'access-test',
    port: 0,
    logger,
    metrics: createMetrics('access-test'),
    health: new HealthChecks(),
    routes: [
      graphqlRoute(apollo, {
        context: async (req) => {
          if (req.headers.authorization === 'Bearer valid-for-alice') setRequestUser('alice');
          return {};
        },
      }),
      {
        name: '/items/:id',
        methods: ['GET'],
        match: (path) => path.startsWith('/items/'),
        handle: async (_req, res, url) => {
          if (url.pathname === '/items/broken') throw new Error('broken item');
          sendJson(res, 200, { ok: true });
        },
      },
    ],
  });
}

/** The access line of the request that carried `requestId` (written when the response closes). */
async function accessLine(requestId: string): Promise<Line> {
  for (let i = 0; i < 200; i++) {
    const line = lines.find((l) => l.msg === 'request completed' && l.requestId === requestId);
    if (line) return line;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`no access line for ${requestId}:\n${JSON.stringify(lines, null, 1)}`);
}

beforeAll(async () => {
  apollo = new ApolloServer({
    typeDefs: 'type Query { hello: String }',
    resolvers: { Query: { hello: () => 'world' } },
    plugins: [operationNamePlugin()],
  });
  await apollo.start();
});

afterAll(async () => {
  await apollo.stop();
});

afterEach(async () => {
  await server?.close();
  lines = [];
});

describe('access log line', () => {
  it('has method, route template, status, durationMs, request id, user and operation name', async () => {
    server = await start('info');
    const res = await fetch(`${server.url}/graphql?token=query-secret`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer valid-for-alice',
        'x-request-id': 'access-1',
      },
      body: JSON.stringify({ query: 'query GetHello { hello }' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('access-1');
    const line = await accessLine('access-1');
    expect(line).toMatchObject({
      level: INFO,
      service: 'access-test',
      method: 'POST',
      route: '/graphql',
      status: 200,
      requestId: 'access-1',
      user: 'alice',
      operationName: 'GetHello',
    });
    expect(typeof line.durationMs).toBe('number');
    expect(line.durationMs as number).toBeGreaterThanOrEqual(0);
    expect(typeof line.time).toBe('string');
    // Neither the raw URL (and its query) nor any header is logged.
    const text = JSON.stringify(lines);
    expect(text).not.toContain('query-secret');
    expect(text).not.toContain('valid-for-alice');
    expect(line).not.toHaveProperty('headers');
    expect(line).not.toHaveProperty('url');
  });

  it('logs the route template, not the path, and generates a request id when none is sent', async () => {
    server = await start('info');
    const res = await fetch(`${server.url}/items/some-private-name?x=1`);
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const line = await accessLine(id!);
    expect(line).toMatchObject({ route: '/items/:id', status: 200, method: 'GET' });
    expect(line).not.toHaveProperty('user');
    expect(line).not.toHaveProperty('operationName');
    expect(JSON.stringify(lines)).not.toContain('some-private-name');
  });

  it('is a warning for 5xx answers', async () => {
    server = await start('info');
    const res = await fetch(`${server.url}/items/broken`, { headers: { 'x-request-id': 'boom' } });
    expect(res.status).toBe(500);
    const line = await accessLine('boom');
    expect(line).toMatchObject({ level: WARN, status: 500, route: '/items/:id' });
    // The error itself is logged with the same request id.
    expect(lines.find((l) => l.msg === 'request failed')).toMatchObject({ requestId: 'boom' });
  });

  it('logs unknown paths as "unmatched"', async () => {
    server = await start('info');
    await fetch(`${server.url}/no/such/thing`, { headers: { 'x-request-id': 'nothing' } });
    expect(await accessLine('nothing')).toMatchObject({
      level: INFO,
      route: 'unmatched',
      status: 404,
    });
  });

  it('logs probes and scrapes at debug only', async () => {
    server = await start('debug');
    for (const [path, id] of [
      ['/health/live', 'live'],
      ['/health/ready', 'ready'],
      ['/metrics', 'scrape'],
    ] as const) {
      await fetch(`${server.url}${path}`, { headers: { 'x-request-id': id } });
      expect(await accessLine(id)).toMatchObject({ level: DEBUG, route: path, status: 200 });
    }
    await server.close();

    server = await start('info');
    await fetch(`${server.url}/health/live`, { headers: { 'x-request-id': 'quiet' } });
    await fetch(`${server.url}/items/1`, { headers: { 'x-request-id': 'loud' } });
    await accessLine('loud');
    expect(lines.some((l) => l.requestId === 'quiet')).toBe(false);
  });
});

describe('operation names', () => {
  it('are bounded: anonymous, other for malformed names and past the limit', () => {
    const label = boundedOperationNames(2);
    expect(label(undefined)).toBe('anonymous');
    expect(label(null)).toBe('anonymous');
    expect(label('First')).toBe('First');
    expect(label('not a name')).toBe('other');
    expect(label('x'.repeat(65))).toBe('other');
    expect(label('Second')).toBe('Second');
    expect(label('Third')).toBe('other');
    expect(label('First')).toBe('First');
  });

  it('go on the access line as the bounded name', async () => {
    server = await start('info');
    const post = (query: string, id: string) =>
      fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': id },
        body: JSON.stringify({ query }),
      });
    await post('{ hello }', 'anonymous-op');
    expect(await accessLine('anonymous-op')).toMatchObject({ operationName: 'anonymous' });
    await post('{ hello', 'unparsable');
    expect(await accessLine('unparsable')).not.toHaveProperty('operationName');
  });
});

describe('ACCESS_LOG=errors-and-slow', () => {
  let metrics: ReturnType<typeof createMetrics>;

  async function startQuiet(level: string): Promise<ServiceServer> {
    metrics = createMetrics('access-policy-test');
    return startServiceServer({
      service: 'access-policy-test',
      port: 0,
      logger: createLogger('access-policy-test', level, collect()),
      metrics,
      health: new HealthChecks(),
      accessLog: accessLogPolicyFromEnv(
        accessLogEnvModel().parse({ ACCESS_LOG: 'errors-and-slow', ACCESS_LOG_SLOW_MS: '50' }),
      ),
      routes: [
        {
          name: '/items/:id',
          methods: ['GET'],
          match: (path) => path.startsWith('/items/'),
          handle: async (_req, res, url) => {
            if (url.pathname === '/items/broken') throw new Error('broken item');
            if (url.pathname === '/items/slow') {
              const until = Date.now() + 80;
              while (Date.now() < until) await new Promise((resolve) => setImmediate(resolve));
            }
            sendJson(res, 200, { ok: true });
          },
        },
      ],
    });
  }

  const get = (path: string, id: string) =>
    fetch(`${server.url}${path}`, { headers: { 'x-request-id': id } });

  it('writes errors, 4xx and slow requests at info, nothing for fast successful ones; metrics count all', async () => {
    server = await startQuiet('info');
    await get('/items/1', 'fast');
    await get('/items/broken', 'failed');
    await get('/nowhere', 'missing');
    await get('/items/slow', 'slow');
    expect(await accessLine('failed')).toMatchObject({ level: WARN, status: 500 });
    expect(await accessLine('missing')).toMatchObject({ level: INFO, status: 404 });
    const slow = await accessLine('slow');
    expect(slow).toMatchObject({ level: INFO, status: 200 });
    expect(slow.durationMs as number).toBeGreaterThanOrEqual(50);
    // Lines are written in order: the fast request's would be there by now.
    expect(lines.some((l) => l.requestId === 'fast')).toBe(false);
    const counted = await metrics.registry.getSingleMetricAsString('http_requests_total');
    expect(counted).toMatch(/route="\/items\/:id",status="200"[^\n]* 2\n/);
  });

  it('logs fast successful requests at debug (LOG_LEVEL=debug sees every request)', async () => {
    server = await startQuiet('debug');
    await get('/items/1', 'fast-debug');
    expect(await accessLine('fast-debug')).toMatchObject({
      level: DEBUG,
      route: '/items/:id',
      status: 200,
    });
  });

  it('is all by default, and the env model refuses other values', () => {
    expect(accessLogPolicyFromEnv(accessLogEnvModel().parse({}))).toEqual({
      mode: 'all',
      slowMs: 1000,
    });
    expect(accessLogEnvModel().safeParse({ ACCESS_LOG: 'some' }).success).toBe(false);
  });

  it('never redacts away the access line fields and still redacts other lines', async () => {
    server = await start('info');
    await fetch(`${server.url}/items/1`, { headers: { 'x-request-id': 'plain' } });
    expect(await accessLine('plain')).toMatchObject({ route: '/items/:id', status: 200 });
    const logger = createLogger('redaction-check', 'info', collect());
    logger.info({ authorization: 'Bearer secret-value' }, 'with a credential');
    await new Promise((resolve) => setImmediate(resolve));
    expect(JSON.stringify(lines)).not.toContain('secret-value');
  });
});
