import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { context, propagation, trace } from '@opentelemetry/api';
import type * as Tracing from '@gitforge/tracing';

const OTEL_VARIABLES = [
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'OTEL_EXPORTER_OTLP_PROTOCOL',
  'OTEL_SERVICE_NAME',
  'OTEL_TRACES_SAMPLER',
  'OTEL_TRACES_SAMPLER_ARG',
  'OTEL_SDK_DISABLED',
];
const saved = Object.fromEntries(OTEL_VARIABLES.map((name) => [name, process.env[name]]));

afterEach(() => {
  for (const name of OTEL_VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  trace.disable();
  context.disable();
  propagation.disable();
});

/** A fresh copy of the package (its started-once state), with the SDK modules made to throw. */
const SDK_MODULES = [
  '@opentelemetry/sdk-trace-node',
  '@opentelemetry/sdk-trace-base',
  '@opentelemetry/exporter-trace-otlp-http',
  '@opentelemetry/exporter-trace-otlp-proto',
];

function isolatedWithSdkForbidden(): typeof Tracing {
  let loaded!: typeof Tracing;
  jest.isolateModules(() => {
    for (const name of SDK_MODULES) {
      jest.doMock(name, () => {
        throw new Error(`${name} was loaded`);
      });
    }
    loaded = jest.requireActual<typeof Tracing>('@gitforge/tracing');
  });
  return loaded;
}

function isolated(): typeof Tracing {
  let loaded!: typeof Tracing;
  jest.isolateModules(() => {
    for (const name of SDK_MODULES) jest.dontMock(name);
    loaded = jest.requireActual<typeof Tracing>('@gitforge/tracing');
  });
  return loaded;
}

describe('tracingConfigFromEnv', () => {
  it('is off without an endpoint, or when the SDK is disabled', () => {
    const { tracingConfigFromEnv } = isolated();
    expect(tracingConfigFromEnv('gateway', {})).toBeUndefined();
    expect(tracingConfigFromEnv('gateway', { OTEL_EXPORTER_OTLP_ENDPOINT: ' ' })).toBeUndefined();
    expect(
      tracingConfigFromEnv('gateway', {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_SDK_DISABLED: 'true',
      }),
    ).toBeUndefined();
  });

  it('takes either endpoint, the protocol, and OTEL_SERVICE_NAME over the default name', () => {
    const { tracingConfigFromEnv } = isolated();
    expect(
      tracingConfigFromEnv('gateway', { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c/v1/traces' }),
    ).toEqual({ serviceName: 'gateway', protocol: 'http/protobuf', url: 'http://c/v1/traces' });
    expect(
      tracingConfigFromEnv('gateway', {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_SERVICE_NAME: 'edge-gateway',
      }),
    ).toEqual({
      serviceName: 'edge-gateway',
      protocol: 'http/json',
      url: 'http://c:4318/v1/traces',
    });
  });

  it('refuses a protocol it cannot speak (grpc) instead of exporting nothing', () => {
    const { tracingConfigFromEnv } = isolated();
    expect(() =>
      tracingConfigFromEnv('gateway', {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      }),
    ).toThrow(/OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" is not supported/);
  });
});

describe('startTracing', () => {
  it('without the variables loads no SDK, registers nothing and makes no span or header', async () => {
    const tracing = isolatedWithSdkForbidden();
    const started = tracing.startTracing('gateway', {});
    expect(started.enabled).toBe(false);
    expect(tracing.tracingEnabled()).toBe(false);
    // Nothing registered globally: the API still answers with its no-op provider.
    expect(trace.getTracerProvider().getTracer('x').startSpan('s').isRecording()).toBe(false);
    expect(tracing.startServerSpan('GET /', { traceparent: 'x' }, {})).toBeUndefined();
    expect(tracing.startClientSpan('GET /', {})).toBeUndefined();
    const headers = await tracing.traceClientCall('GET /', {}, async (h) => h);
    expect(headers).toBeUndefined();
    expect(tracing.startSqlSpan('select 1')).toBeUndefined();
    await expect(tracing.traceSql('select 1', async () => 5)).resolves.toBe(5);
    expect(tracing.currentTraceId()).toBeUndefined();
    await started.shutdown();
  });

  it('with an endpoint loads the SDK (the check above would notice)', () => {
    const tracing = isolatedWithSdkForbidden();
    expect(() =>
      tracing.startTracing('gateway', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' }),
    ).toThrow(/was loaded/);
  });

  it('exports SERVER and CLIENT spans under an incoming traceparent, flushed by shutdown', async () => {
    const { result, requests } = await runTracedChild({
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_SERVICE_NAME: 'unit-service',
    });
    expect(result).toMatchObject({ enabled: true, seen: TRACE_ID, traceId: TRACE_ID });
    expect(result.sent?.traceparent).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`));
    expect(requests.map((r) => [r.path, r.type])).toEqual([['/v1/traces', 'application/json']]);

    const spans = jsonSpans(requests[0]!.body.toString('utf8'));
    const serverSpan = spans.find((s) => s.name === 'GET /thing');
    const clientSpan = spans.find((s) => s.name === 'GET upstream');
    expect(serverSpan).toMatchObject({
      traceId: TRACE_ID,
      parentSpanId: CALLER_SPAN_ID,
      kind: 2,
      service: 'unit-service',
    });
    expect(clientSpan).toMatchObject({
      traceId: TRACE_ID,
      parentSpanId: serverSpan!.spanId,
      kind: 3,
    });
    expect(result.sent!.traceparent).toContain(clientSpan!.spanId);
    // Under withoutTracing (health probes): no span recorded, and "not sampled" sent along.
    expect(spans.map((s) => s.name)).not.toContain('GET suppressed');
    expect(result.suppressed?.traceparent).toMatch(/-00$/);
  });

  it('speaks http/protobuf (the default) to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as given', async () => {
    const { result, requests } = await runTracedChild({}, '/custom/traces');
    expect(result.enabled).toBe(true);
    expect(requests.map((r) => [r.path, r.type])).toEqual([
      ['/custom/traces', 'application/x-protobuf'],
    ]);
    // The trace id's bytes are in the protobuf body.
    expect(requests[0]!.body.includes(Buffer.from(TRACE_ID, 'hex'))).toBe(true);
  });

  it('follows OTEL_TRACES_SAMPLER and _ARG: a 0 ratio samples nothing, even under a sampled parent', async () => {
    const { result, requests } = await runTracedChild({
      OTEL_TRACES_SAMPLER: 'traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0',
    });
    // The default (parentbased_always_on) would have sampled this sampled parent's child.
    expect(result.sent?.traceparent).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-00$`));
    expect(requests).toEqual([]);
  });
});

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const CALLER_SPAN_ID = 'b7ad6b7169203331';

interface ReceivedRequest {
  path: string | undefined;
  type: string | undefined;
  body: Buffer;
}

interface ChildResult {
  enabled: boolean;
  sent?: Record<string, string>;
  seen?: string;
  suppressed?: Record<string, string>;
  traceId: string;
}

/**
 * Runs the built package in a process of its own (the OTLP exporter loads `http` with import(),
 * which jest's module system refuses): one SERVER span under a `traceparent`, one CLIENT call
 * inside it, then shutdown, which must send what is buffered without waiting for the batch delay.
 */
async function runTracedChild(
  env: Record<string, string>,
  tracesPath?: string,
): Promise<{ result: ChildResult; requests: ReceivedRequest[] }> {
  const built = join(__dirname, '..', 'dist', 'index.js');
  if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first`);
  const requests: ReceivedRequest[] = [];
  const receiver: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({
        path: req.url,
        type: req.headers['content-type'],
        body: Buffer.concat(chunks),
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const script = `
    const tracing = require(${JSON.stringify(built)});
    const started = tracing.startTracing('ignored-name');
    const server = tracing.startServerSpan('GET /thing',
      { traceparent: '00-${TRACE_ID}-${CALLER_SPAN_ID}-01' }, { 'http.route': '/thing' });
    let sent, seen, suppressed;
    tracing.withServerSpan(server, () => tracing.traceClientCall('GET upstream', {},
      async (headers) => { sent = headers; seen = tracing.currentTraceId(); }, () => 200))
      .then(() => tracing.withoutTracing(() => tracing.traceClientCall('GET suppressed', {},
        async (headers) => { suppressed = headers; })))
      .then(async () => {
        tracing.endServerSpan(server, 200);
        await started.shutdown();
        process.stdout.write(JSON.stringify({ enabled: started.enabled, sent, seen, suppressed, traceId: server.traceId }));
      });`;
  try {
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['-e', script],
        {
          env: {
            PATH: process.env.PATH,
            ...(tracesPath
              ? { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${base}${tracesPath}` }
              : { OTEL_EXPORTER_OTLP_ENDPOINT: base }),
            ...env,
          },
          timeout: 20_000,
        },
        (err, out, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(out)),
      );
    });
    return { result: JSON.parse(stdout) as ChildResult, requests };
  } finally {
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
}

interface JsonSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  service?: string;
}

/** The spans of one ExportTraceServiceRequest in its JSON encoding. */
function jsonSpans(body: string): JsonSpan[] {
  const request = JSON.parse(body) as {
    resourceSpans: {
      resource: { attributes: { key: string; value: { stringValue?: string } }[] };
      scopeSpans: { spans: JsonSpan[] }[];
    }[];
  };
  return request.resourceSpans.flatMap((r) =>
    r.scopeSpans.flatMap((s) =>
      s.spans.map((span) => ({
        ...span,
        service: r.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue,
      })),
    ),
  );
}
