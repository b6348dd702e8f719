import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { apolloRequestHandler } from '@gitforge/server';
import {
  createGateway,
  type GatewayOptions,
  type RunningGateway,
} from '../../../src/createGateway';
import { captureLogger, graphql, JWT_SECRET } from '../../support/helpers';

/** One subgraph of a test: its SDL (with its own `@link`) and resolvers. */
export interface SubgraphSpec {
  name: string;
  typeDefs: string;
  resolvers: GraphQLResolverMap<unknown>;
}

/** A subgraph listening on a free port, remembering the operations it was sent. */
export interface RunningSubgraph {
  name: string;
  url: string;
  typeDefs: string;
  /** Every operation received (`query` text and `variables`), oldest first. */
  received: { query: string; variables?: Record<string, unknown> }[];
  stop(): Promise<void>;
}

export interface FederatedGraph {
  gateway: RunningGateway;
  /** The supergraph file the gateway serves. */
  supergraphFile: string;
  subgraphs: Record<string, RunningSubgraph>;
  /** Log lines of the gateway. */
  logs: Record<string, unknown>[];
  /** POSTs an operation to the gateway; resolves with the whole JSON body. */
  query(query: string, variables?: Record<string, unknown>): Promise<GraphQLBody>;
  close(): Promise<void>;
}

export interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: {
    message: string;
    path?: (string | number)[];
    extensions?: Record<string, unknown>;
  }[];
}

/** The `@link` a Federation 2 subgraph starts with, importing `directives` (without `@`). */
export function federation(...directives: string[]): string {
  const imports = directives.map((d) => `"@${d}"`).join(', ');
  return `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: [${imports}])`;
}

/**
 * Starts one subgraph at `/graphql`: buildSubgraphSchema + Apollo Server (errors unmasked) over
 * HTTP, and graphql-ws on the same path for subscriptions.
 */
export async function startSubgraph(spec: SubgraphSpec): Promise<RunningSubgraph> {
  const received: RunningSubgraph['received'] = [];
  const schema = buildSubgraphSchema({ typeDefs: parse(spec.typeDefs), resolvers: spec.resolvers });
  const apollo = new ApolloServer({
    schema,
    stopOnTerminationSignals: false,
    csrfPrevention: false,
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      {
        requestDidStart: async ({ request }) => {
          if (!request.query?.includes('_service')) {
            received.push({ query: request.query ?? '', variables: request.variables });
          }
        },
      },
    ],
  });
  await apollo.start();
  const handler = apolloRequestHandler(apollo, { context: async () => ({}) });
  const server = createServer((req, res) => {
    handler(req, res, new URL(req.url ?? '/', 'http://localhost')).catch(() => {
      res.statusCode = 500;
      res.end();
    });
  });
  const sockets = new WebSocketServer({ server, path: '/graphql' });
  const ws = useServer({ schema }, sockets);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    name: spec.name,
    url: `http://127.0.0.1:${port}/graphql`,
    typeDefs: spec.typeDefs,
    received,
    stop: async () => {
      if (!server.listening) return;
      await ws.dispose();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await apollo.stop();
    },
  };
}

/** Composes the subgraphs (as `rover supergraph compose` would); throws on composition errors. */
export function composeSupergraph(subgraphs: { name: string; url: string; typeDefs: string }[]) {
  const result = composeServices(
    subgraphs.map(({ name, url, typeDefs }) => ({ name, url, typeDefs: parse(typeDefs) })),
  );
  if (result.errors) {
    throw new Error(`composition failed: ${result.errors.map((e) => e.message).join('; ')}`);
  }
  return result.supergraphSdl;
}

/**
 * Starts every subgraph, composes them into a supergraph file and starts OUR gateway
 * (`createGateway`) on that file; with `from: 'subgraphs'` the gateway composes them itself
 * (SUBGRAPH_URLS mode) and the file is only written.
 */
export async function startFederatedGraph(
  specs: SubgraphSpec[],
  gatewayOptions: Partial<GatewayOptions> = {},
  from: 'file' | 'subgraphs' = 'file',
): Promise<FederatedGraph> {
  const started: RunningSubgraph[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'gitforge-federation-'));
  try {
    for (const spec of specs) started.push(await startSubgraph(spec));
    const supergraphFile = join(dir, 'supergraph.graphql');
    await writeFile(supergraphFile, composeSupergraph(started));
    const { logger, lines } = captureLogger();
    const origin =
      from === 'file'
        ? { supergraph: { file: supergraphFile, debounceMs: 50 } }
        : { subgraphs: started.map(({ name, url }) => ({ name, url })), pollIntervalMs: 60_000 };
    const gateway = await createGateway({
      ...origin,
      jwtSecret: JWT_SECRET,
      logger,
      subgraphTimeoutMs: 10_000,
      introspection: true,
      ...gatewayOptions,
    });
    return {
      gateway,
      supergraphFile,
      subgraphs: Object.fromEntries(started.map((s) => [s.name, s])),
      logs: lines,
      query: async (query, variables) => (await graphql(gateway.url, query, variables)).body,
      close: async () => {
        await gateway.close();
        await Promise.all(started.map((s) => s.stop()));
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await Promise.all(started.map((s) => s.stop()));
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
