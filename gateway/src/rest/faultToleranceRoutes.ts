import { z } from 'zod';
import type { Route } from '@gitforge/server';
import { parseInput } from './restInput';
import { restRoute, type RestDependencies } from './restRoute';

const REPORT = `strategy recoveredFrom keysRecovered logRecordsReplayed replicaNode
  acknowledgedKeysChecked acknowledgedWritesLost rtoMs faultToFirstReadMs`;

const storeBody = z.object({ key: z.string(), value: z.string() });
const switchBody = z.object({
  strategy: z.enum(['baseline', 'checkpointing', 'replication', 'hybrid', 'sql']),
});

/**
 * The seed's research routes, translated into the resilience subgraph's GraphQL operations
 * (the same code path as a GraphQL client): store, recover, switch strategy, status. The
 * subgraph decides who may: store, recover and switch are for site administrators (401
 * UNAUTHENTICATED anonymous, 403 FORBIDDEN others); retrieve and status are open.
 */
export function faultToleranceRoutes(deps: RestDependencies): Route[] {
  return [
    restRoute(
      deps,
      '/api/fault-tolerance/store',
      ['POST'],
      /^\/api\/fault-tolerance\/store$/,
      async (req) => {
        const { key, value } = parseInput(storeBody, await req.json());
        const data = await req.execute<{ store: { key: string; value: string; strategy: string } }>(
          `mutation Store($key: String!, $value: String!) { store(key: $key, value: $value) { key value strategy } }`,
          { key, value },
        );
        return { status: 200, body: { status: 'stored', ...data.store } };
      },
    ),
    restRoute(
      deps,
      '/api/fault-tolerance/retrieve/:key',
      ['GET'],
      /^\/api\/fault-tolerance\/retrieve\/([^/]+)$/,
      async (req) => {
        const key = decodeURIComponent(req.params[0] ?? '');
        const data = await req.execute<{
          value: { key: string; value: string; strategy: string } | null;
        }>(`query Retrieve($key: String!) { value(key: $key) { key value strategy } }`, { key });
        if (!data.value)
          return {
            status: 404,
            body: { error: { code: 'NOT_FOUND', message: `Key ${key} not found` } },
          };
        return { status: 200, body: data.value };
      },
    ),
    restRoute(
      deps,
      '/api/fault-tolerance/recover',
      ['POST'],
      /^\/api\/fault-tolerance\/recover$/,
      async (req) => {
        const data = await req.execute<{ recover: Record<string, unknown> }>(
          `mutation Recover { recover { ${REPORT} } }`,
        );
        return { status: 200, body: data.recover };
      },
    ),
    restRoute(
      deps,
      '/api/fault-tolerance/strategy',
      ['POST'],
      /^\/api\/fault-tolerance\/strategy$/,
      async (req) => {
        const { strategy } = parseInput(switchBody, await req.json());
        const data = await req.execute<{ switchStrategy: Record<string, unknown> }>(
          `mutation Switch($kind: StrategyKind!) { switchStrategy(kind: $kind) { from to keysMoved durationMs } }`,
          { kind: strategy.toUpperCase() },
        );
        return { status: 200, body: { status: 'switched', ...data.switchStrategy } };
      },
    ),
    restRoute(
      deps,
      '/api/fault-tolerance/status',
      ['GET'],
      /^\/api\/fault-tolerance\/status$/,
      async (req) => {
        const data = await req.execute<{ resilience: Record<string, unknown> }>(
          `query Status { resilience { state strategy keys lastSeq pid processStartedAt } }`,
        );
        return { status: 200, body: data.resilience };
      },
    ),
  ];
}
