import { isDeepStrictEqual } from 'node:util';
import { post, requestBody } from './graphql';
import { SINGLE_SUBGRAPH_QUERY } from './operations';
import type { Fixture } from './seedFixture';
import { runSideBySide, type LoadPlan, type Side, type SideSummary } from './sideBySide';
import { ratio } from './stats';

export interface DirectRun {
  plan: LoadPlan;
  gateway: SideSummary;
  direct: SideSummary;
  /** The stock @apollo/gateway on the same query, for reference: is the hop ours or federation's? */
  stock?: SideSummary;
  /** Gateway ÷ direct. */
  ratios: { requestsPerSecond: number; p50: number; p99: number };
  /** Stock gateway ÷ direct. */
  stockRatios?: { requestsPerSecond: number; p50: number; p99: number };
}

export interface DirectComparison {
  query: string;
  /** As many requests as the connections allow: throughput cost of the hop. */
  saturated: DirectRun;
  /** One connection, one request at a time: latency the hop adds to an unqueued request. */
  sequential: DirectRun;
}

interface Target {
  url: string;
  pid: number;
}

const ratiosOf = (a: SideSummary, b: SideSummary) => ({
  requestsPerSecond: ratio(a.goodPerSecond, b.goodPerSecond),
  p50: ratio(a.p50Ms, b.p50Ms),
  p99: ratio(a.p99Ms, b.p99Ms),
});

/**
 * Comparison (b): a query only the issues subgraph answers, through our gateway vs POSTed to
 * the subgraph itself (same body, same token), plus the stock gateway when given. First checks
 * that all give the same data.
 */
export async function compareDirect(
  gateway: Target,
  issuesSubgraph: Target,
  stock: Target | undefined,
  fixture: Fixture,
  plans: { saturated: LoadPlan; sequential: LoadPlan },
  log: (line: string) => void,
): Promise<DirectComparison> {
  const variables = { repository: fixture.readRepository };
  const targets = [gateway, issuesSubgraph, ...(stock ? [stock] : [])];
  const answers = await Promise.all(
    targets.map(async ({ url }) => {
      const { status, body } = await post<{ issues: { nodes: unknown[] } }>(
        url,
        SINGLE_SUBGRAPH_QUERY,
        variables,
        fixture.authorization,
      );
      if (status !== 200 || body.errors || body.data?.issues.nodes.length !== 20) {
        throw new Error(`${url} did not answer the single-subgraph query: ${JSON.stringify(body)}`);
      }
      return body.data;
    }),
  );
  if (answers.some((answer) => !isDeepStrictEqual(answer, answers[0]))) {
    throw new Error('the gateway and the issues subgraph answered differently');
  }

  const body = requestBody(SINGLE_SUBGRAPH_QUERY, variables);
  const side = (name: string, target: Target, gatewayPid?: number): Side => ({
    name,
    load: {
      url: target.url,
      body,
      authorization: fixture.authorization,
      watchPids: {
        ...(gatewayPid ? { gateway: gatewayPid } : {}),
        issues: issuesSubgraph.pid,
      },
    },
  });
  const sides = [side('gateway', gateway, gateway.pid), side('direct', issuesSubgraph)];
  if (stock) sides.push(side('stock', stock, stock.pid));
  const measure = async (plan: LoadPlan): Promise<DirectRun> => {
    const [ours, direct, reference] = await runSideBySide(sides, plan, log);
    return {
      plan,
      gateway: ours!,
      direct: direct!,
      ratios: ratiosOf(ours!, direct!),
      ...(reference ? { stock: reference, stockRatios: ratiosOf(reference, direct!) } : {}),
    };
  };
  log(` ${plans.saturated.connections} connections:`);
  const saturated = await measure(plans.saturated);
  log(` ${plans.sequential.connections} connection (one request at a time):`);
  const sequential = await measure(plans.sequential);
  return { query: SINGLE_SUBGRAPH_QUERY, saturated, sequential };
}
