import { isDeepStrictEqual } from 'node:util';
import { post, requestBody } from './graphql';
import { NESTED_QUERY } from './operations';
import type { Fixture } from './seedFixture';
import { runSideBySide, type LoadPlan, type SideSummary } from './sideBySide';
import { ratio } from './stats';

export interface GatewayComparison {
  query: string;
  /** Size of one answer (the same from both gateways). */
  answerBytes: number;
  plan: LoadPlan;
  ours: SideSummary;
  stock: SideSummary;
  /** Ours ÷ stock. */
  ratios: { requestsPerSecond: number; p50: number; p99: number };
}

interface Target {
  url: string;
  pid: number;
}

interface NestedAnswer {
  issues: { nodes: { author: { fullName: string }; repository: { description: string } }[] };
  value: { key: string } | null;
}

/**
 * Comparison (a): GitForge's gateway and a stock @apollo/gateway over the same subgraph
 * processes, the nested query that crosses all three subgraphs, fixed connections and duration.
 * First checks that both answer it correctly and identically.
 */
export async function compareGateways(
  ours: Target,
  stock: Target,
  fixture: Fixture,
  plan: LoadPlan,
  log: (line: string) => void,
): Promise<GatewayComparison> {
  const variables = { repository: fixture.readRepository, key: fixture.kvKey };
  const answers = await Promise.all(
    [ours, stock].map(async ({ url }) => {
      const { status, body } = await post<NestedAnswer>(
        url,
        NESTED_QUERY,
        variables,
        fixture.authorization,
      );
      const nodes = body.data?.issues.nodes ?? [];
      if (
        status !== 200 ||
        body.errors ||
        nodes.length !== 20 ||
        !body.data?.value ||
        nodes.some((n) => !n.author.fullName || !n.repository.description)
      ) {
        throw new Error(`${url} did not answer the nested query: ${JSON.stringify(body)}`);
      }
      return body.data;
    }),
  );
  if (!isDeepStrictEqual(answers[0], answers[1])) {
    throw new Error('the two gateways answered the nested query differently');
  }

  const body = requestBody(NESTED_QUERY, variables);
  const side = (name: string, target: Target) => ({
    name,
    load: {
      url: target.url,
      body,
      authorization: fixture.authorization,
      watchPids: { gateway: target.pid },
    },
  });
  const [a, b] = await runSideBySide([side('ours', ours), side('stock', stock)], plan, log);
  return {
    query: NESTED_QUERY,
    answerBytes: Buffer.byteLength(JSON.stringify({ data: answers[0] })),
    plan,
    ours: a!,
    stock: b!,
    ratios: {
      requestsPerSecond: ratio(a!.goodPerSecond, b!.goodPerSecond),
      p50: ratio(a!.p50Ms, b!.p50Ms),
      p99: ratio(a!.p99Ms, b!.p99Ms),
    },
  };
}
