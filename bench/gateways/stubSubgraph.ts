/**
 * One stub subgraph of comparison (e) in its own process: `@apollo/subgraph`'s schema behind a
 * lean `node:http` server (POST JSON, parse and validate once per distinct document, graphql-js
 * `execute`). No framework, no logging, no per-request setup: as cheap as a subgraph gets in
 * JavaScript, so the gateway is what the comparison measures.
 *
 *   STUB_SUBGRAPH=accounts STUB_PORT=4201 node -r @swc-node/register bench/gateways/stubSubgraph.ts
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { execute, parse, validate, type DocumentNode, type GraphQLError } from 'graphql';
import { STUB_NAMES, STUB_RESOLVERS, STUB_TYPE_DEFS, type StubName } from './stubSchemas';

const name = process.env.STUB_SUBGRAPH as StubName;
if (!STUB_NAMES.includes(name))
  throw new Error(`STUB_SUBGRAPH must be one of ${STUB_NAMES.join(', ')}`);
const port = Number(process.env.STUB_PORT);
if (!Number.isInteger(port) || port <= 0) throw new Error('STUB_PORT must be a port');

const schema = buildSubgraphSchema({
  typeDefs: parse(STUB_TYPE_DEFS[name]),
  resolvers: STUB_RESOLVERS[name],
});

/** Parsed and validated documents by their text; gateways send a handful of distinct ones. */
const documents = new Map<string, DocumentNode | readonly GraphQLError[]>();
const MAX_DOCUMENTS = 1000;

function documentFor(query: string): DocumentNode | readonly GraphQLError[] {
  let document = documents.get(query);
  if (!document) {
    try {
      const parsed = parse(query);
      const errors = validate(schema, parsed);
      document = errors.length > 0 ? errors : parsed;
    } catch (err) {
      document = [err as GraphQLError];
    }
    if (documents.size >= MAX_DOCUMENTS) documents.clear();
    documents.set(query, document);
  }
  return document;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method === 'GET' && req.url === '/health') return send(res, 200, { ok: true });
  if (req.method !== 'POST') return send(res, 405, { errors: [{ message: 'POST only' }] });
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  let request: { query?: unknown; variables?: unknown; operationName?: unknown };
  try {
    request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof request;
  } catch {
    return send(res, 400, { errors: [{ message: 'body is not JSON' }] });
  }
  if (typeof request.query !== 'string') {
    return send(res, 400, { errors: [{ message: 'no query' }] });
  }
  const document = documentFor(request.query);
  if (Array.isArray(document)) return send(res, 400, { errors: document });
  const result = await execute({
    schema,
    document: document as DocumentNode,
    variableValues: (request.variables as Record<string, unknown> | undefined) ?? undefined,
    operationName: typeof request.operationName === 'string' ? request.operationName : undefined,
  });
  send(res, 200, result);
}

const server = createServer((req, res) => {
  handle(req, res).catch((err: unknown) => {
    if (!res.headersSent) send(res, 500, { errors: [{ message: String(err) }] });
  });
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => console.log(`stub ${name} ready on ${port}`));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
