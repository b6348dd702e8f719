import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  eventually,
  freePorts,
  newDataDir,
  runGit,
  startSupervisor,
  stopSupervisor,
  type RunningSupervisor,
} from './support/platform';
import {
  CLIENT,
  SERVER,
  startOtlpReceiver,
  type OtlpReceiver,
  type ReceivedSpan,
} from './support/otlpReceiver';

/**
 * The whole platform as `npm start` runs it, exporting spans over OTLP/HTTP JSON to a receiver
 * in this test: one trace per request across the gateway, the subgraphs, the git host and the
 * git proxy, under the caller's `traceparent`, and the trace id in error responses.
 */

jest.setTimeout(5 * 60_000);

const PASSWORD = 'demo-password-for-tracing-e2e';
let receiver: OtlpReceiver;
let supervisor: RunningSupervisor;
let ports: Record<string, string>;
let url: string;
const work = mkdtempSync(join(tmpdir(), 'gitforge-tracing-e2e-'));

const NESTED = `query { repository(owner: "demo", name: "hello") {
  fullName
  issues(first: 5) { totalCount nodes { title } }
} }`;

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

async function post(
  query: string,
  headers: Record<string, string> = {},
): Promise<{
  data?: unknown;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(10_000),
  });
  return (await res.json()) as never;
}

function spansOf(traceId: string): ReceivedSpan[] {
  return receiver.spans.filter((span) => span.traceId === traceId);
}

/** Waits until every service in `services` exported a SERVER span of the trace. */
function serverSpansFrom(traceId: string, services: string[]): Promise<ReceivedSpan[]> {
  return eventually(`SERVER spans of ${services.join(', ')} in trace ${traceId}`, async () => {
    const spans = spansOf(traceId);
    const seen = new Set(spans.filter((s) => s.kind === SERVER).map((s) => s.service));
    return services.every((service) => seen.has(service)) ? spans : undefined;
  });
}

/** Each SERVER span below the first hop is the child of a CLIENT span of another service. */
function expectParentedByCallers(spans: ReceivedSpan[], entry: ReceivedSpan): void {
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  for (const server of spans.filter((s) => s.kind === SERVER && s !== entry)) {
    const parent = byId.get(server.parentSpanId ?? '');
    expect({ server: `${server.service} ${server.name}`, parentKind: parent?.kind }).toEqual({
      server: `${server.service} ${server.name}`,
      parentKind: CLIENT,
    });
    expect(parent!.service).not.toBe(server.service);
  }
}

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  ports = await freePorts();
  supervisor = await startSupervisor({
    ...process.env,
    ...ports,
    GITFORGE_DATA_DIR: newDataDir(),
    DATABASE_URL: process.env.DATABASE_URL,
    GITFORGE_DEMO_PASSWORD: PASSWORD,
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_TRACES_SAMPLER: 'parentbased_always_on',
    // Batches leave every 200 ms instead of every 5 s.
    OTEL_BSP_SCHEDULE_DELAY: '200',
    // Every request's access line, to find the trace id on each service's line.
    ACCESS_LOG: 'all',
    ...(process.env.GITFORGE_TEST_EMBEDDED_DB === '1' ? { DATABASE_POOL_MAX: '1' } : {}),
  });
  url = supervisor.graphqlUrl;
});

afterAll(async () => {
  if (supervisor) await stopSupervisor(supervisor);
  await receiver?.close();
  rmSync(work, { recursive: true, force: true });
});

afterEach(() => {
  expect(receiver.rejected).toEqual([]);
});

it('follows a nested query under the caller’s traceparent through gateway, subgraphs and githost', async () => {
  const traceId = hex(16);
  const callerSpanId = hex(8);
  const result = await post(NESTED, { traceparent: `00-${traceId}-${callerSpanId}-01` });
  expect(result.errors).toBeUndefined();
  expect(result.data).toMatchObject({ repository: { fullName: 'demo/hello' } });

  const spans = await serverSpansFrom(traceId, ['gateway', 'repository', 'issues', 'githost']);
  const entry = spans.find((s) => s.service === 'gateway' && s.kind === SERVER)!;
  expect(entry.name).toBe('POST /graphql');
  expect(entry.parentSpanId).toBe(callerSpanId);
  expectParentedByCallers(spans, entry);
  // The gateway's own spans (Apollo's plan and fetches) are in the same trace.
  const gatewaySpans = spans.filter((s) => s.service === 'gateway').map((s) => s.name);
  expect(gatewaySpans).toEqual(expect.arrayContaining(['gateway.fetch']));
  // githost is reached by the repository subgraph's Gitea client.
  const githost = spans.find((s) => s.service === 'githost' && s.kind === SERVER)!;
  const caller = spans.find((s) => s.spanId === githost.parentSpanId)!;
  expect(caller.service).toBe('repository');
  expect(caller.name).toMatch(/^GET gitea /);
  // The issues subgraph's SQL statements are spans of the trace, below its own spans.
  const sql = await eventually('SQL spans of the issues subgraph', async () => {
    const found = spansOf(traceId).filter((s) => s.attributes['db.system.name'] === 'postgresql');
    return found.length > 0 ? found : undefined;
  });
  const issuesSpanIds = new Set(
    spansOf(traceId)
      .filter((s) => s.service === 'issues')
      .map((s) => s.spanId),
  );
  for (const statement of sql) {
    expect(statement).toMatchObject({ service: 'issues', kind: CLIENT });
    expect(issuesSpanIds.has(statement.parentSpanId ?? '')).toBe(true);
  }
  const texts = sql.map((s) => String(s.attributes['db.query.text']));
  expect(texts.some((text) => /^\s*select\b/i.test(text))).toBe(true);
  // Every access line of the request, in every service, names the trace.
  const logged = await eventually('access lines with the trace id', async () => {
    const lines = supervisor
      .output()
      .split('\n')
      .filter((line) => line.includes(`"traceId":"${traceId}"`));
    const services = new Set(lines.map((line) => /"service":"([a-z-]+)"/.exec(line)?.[1]));
    return ['gateway', 'repository', 'issues', 'githost'].every((s) => services.has(s))
      ? lines
      : undefined;
  });
  expect(logged.length).toBeGreaterThanOrEqual(4);
});

it('puts a clone through git-proxy and githost in one trace', async () => {
  const before = receiver.spans.length;
  const clone = await runGit(work, [
    'clone',
    `http://127.0.0.1:${ports.GIT_PROXY_PORT}/git/demo/hello.git`,
    'hello',
  ]);
  expect(clone.code).toBe(0);
  const uploadPack = await eventually('the git-proxy SERVER span of git-upload-pack', async () =>
    receiver.spans
      .slice(before)
      .find(
        (s) => s.service === 'git-proxy' && s.kind === SERVER && /upload-pack|\/git/.test(s.name),
      ),
  );
  const spans = await serverSpansFrom(uploadPack.traceId, ['git-proxy', 'githost']);
  const entry = spans.find((s) => s.service === 'git-proxy' && s.kind === SERVER)!;
  expect(entry.parentSpanId).toBeUndefined();
  expectParentedByCallers(spans, entry);
  expect(spans.some((s) => s.service === 'git-proxy' && /^(GET|POST) git /.test(s.name))).toBe(
    true,
  );
});

it('gives a failing query’s error the trace id its spans have', async () => {
  const result = await post(
    `mutation { createIssue(input: { repository: "demo/hello", title: "anonymous" }) { id } }`,
  );
  expect(result.errors?.length).toBeGreaterThan(0);
  const traceId = result.errors![0]!.extensions?.traceId;
  expect(typeof traceId).toBe('string');
  expect(traceId).toMatch(/^[0-9a-f]{32}$/);
  const spans = await serverSpansFrom(String(traceId), ['gateway', 'issues']);
  expect(spans.length).toBeGreaterThan(2);
});

it('names the trace in errors Apollo Server answers too (a query that does not validate)', async () => {
  const traceId = hex(16);
  const result = await post('query { noSuchField }', {
    traceparent: `00-${traceId}-${hex(8)}-01`,
  });
  expect(result.errors?.[0]?.extensions).toMatchObject({
    code: 'GRAPHQL_VALIDATION_FAILED',
    traceId,
  });
  await serverSpansFrom(traceId, ['gateway']);
});
