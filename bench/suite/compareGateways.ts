import { isDeepStrictEqual } from 'node:util';
import { post, requestBody } from './graphql';
import { NESTED_QUERY } from './operations';
import type { ProcessGroups } from './processCpu';
import type { Fixture } from './seedFixture';
import { runSideBySide, type LoadPlan, type SideSummary } from './sideBySide';
import { median, ratio } from './stats';

export interface GatewayComparison {
  query: string;
  /** Size of one answer (the same from both gateways). */
  answerBytes: number;
  plan: LoadPlan;
  ours: SideSummary;
  stock: SideSummary;
  /** Ours ÷ stock. */
  ratios: { requestsPerSecond: number; p50: number; p99: number };
  /** CPU per request of every process of the platform, when its processes were given. */
  platformCpu?: { ours: PlatformCpu; stock: PlatformCpu };
}

export interface PlatformCpu {
  /** Median over the rounds of each process group's CPU ms per good answer. */
  perProcessMs: Record<string, number>;
  /** Median over the rounds of the sum over every group. */
  totalMs: number;
}

/** Per-process medians and the median of per-round totals (pure; tested). */
export function platformCpuOf(summary: SideSummary, groups: readonly string[]): PlatformCpu {
  const totals = summary.runs.map((run) =>
    groups.reduce((t, g) => t + (run.cpuMsPerRequest[g] ?? 0), 0),
  );
  return {
    perProcessMs: Object.fromEntries(groups.map((g) => [g, summary.cpuMsPerRequest[g] ?? NaN])),
    totalMs: median(totals),
  };
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
  /** Every process of the platform, for each side (its own gateway as `gateway`). */
  processes?: { ours: ProcessGroups; stock: ProcessGroups },
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
  const side = (name: string, target: Target, groups?: ProcessGroups) => ({
    name,
    load: {
      url: target.url,
      body,
      authorization: fixture.authorization,
      ...(groups ? { watchGroups: groups } : { watchPids: { gateway: target.pid } }),
    },
  });
  const [a, b] = await runSideBySide(
    [side('ours', ours, processes?.ours), side('stock', stock, processes?.stock)],
    plan,
    log,
  );
  const groupNames = processes ? Object.keys(processes.ours()) : [];
  return {
    ...(processes
      ? {
          platformCpu: {
            ours: platformCpuOf(a!, groupNames),
            stock: platformCpuOf(b!, groupNames),
          },
        }
      : {}),
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
