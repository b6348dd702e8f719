import { sql } from './database';
import { requestBody } from './graphql';
import { runLoad, type LoadResult } from './load';
import { CREATE_ISSUE } from './operations';
import type { Fixture } from './seedFixture';

export interface CreateIssuePlan {
  /** Offered rate (autocannon `overallRate`: each connection sends its share each second). */
  rate: number;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** A last run without a rate limit, to show the capacity; 0 skips it. */
  capacitySeconds: number;
}

export interface CreateIssueVerification {
  /** Successful `createIssue` answers (2xx, no errors) over every phase. */
  created: number;
  /** Rows with the run's titles in the database. */
  rowsInDatabase: number;
  /** Answered issues (by id) that are not in the database: must be 0. */
  answeredButMissing: number;
  /**
   * Rows nobody got a successful answer for: requests cut off when a timed run ended (their
   * transactions still commit) or answered with an error after committing. At most
   * `unanswered` + `failed`.
   */
  unconfirmedRows: number;
  /** Requests sent but not answered when a run ended. */
  unanswered: number;
  /** Requests answered with a non-2xx status or GraphQL errors. */
  failed: number;
  /** (repository, number) pairs answered more than once. */
  duplicateNumbersAnswered: number;
  /** Pairs appearing more than once in the database. */
  duplicateNumbersInDatabase: number;
  /** Every repository's numbers are exactly 1..n. */
  gapFree: boolean;
  ok: boolean;
}

export interface CreateIssueResult {
  plan: CreateIssuePlan;
  repositories: string[];
  fixedRate: LoadResult;
  capacity?: LoadResult;
  /** Serialization retries the issues subgraph counted over the fixed-rate run (40001 / 40P01). */
  transactionRetries?: number;
  verification: CreateIssueVerification;
}

/**
 * Comparison (c): `createIssue` through the gateway against real PostgreSQL at a fixed rate,
 * spread round-robin over a few repositories of the same user, each with a unique title; then
 * checks the database against the answers: every answered issue is there, no number twice,
 * numbers gap-free, and no more unanswered rows than requests cut off or failed.
 */
export async function measureCreateIssue(
  gatewayUrl: string,
  fixture: Fixture,
  databaseUrl: string,
  issuesMetricsUrl: string,
  watchPids: Record<string, number>,
  plan: CreateIssuePlan,
  runId: string,
): Promise<CreateIssueResult> {
  const repositories = fixture.writeRepositories;
  const answered = new Map<string, number>();
  const answeredIds = new Set<string>();
  let sent = 0;
  const titlePrefix = `bench ${runId}`;
  const load = (phase: string, durationSeconds: number, overallRate?: number) => {
    let next = 0;
    return runLoad({
      url: gatewayUrl,
      authorization: fixture.authorization,
      connections: plan.connections,
      durationSeconds,
      overallRate,
      watchPids,
      body: () => {
        next += 1;
        sent += 1;
        const repository = repositories[next % repositories.length]!;
        const input = { repository, title: `${titlePrefix} ${phase} ${next}` };
        return requestBody(CREATE_ISSUE, { input });
      },
      onResponse: (status, body) => {
        if (status < 200 || status >= 300 || body.includes('"errors"')) return;
        const issue = (
          JSON.parse(body) as {
            data?: {
              createIssue?: { id: string; number: number; repository: { fullName: string } };
            };
          }
        ).data?.createIssue;
        if (!issue) return;
        answeredIds.add(issue.id);
        const key = `${issue.repository.fullName}#${issue.number}`;
        answered.set(key, (answered.get(key) ?? 0) + 1);
      },
    });
  };

  const warmup =
    plan.warmupSeconds > 0
      ? await load('warmup', plan.warmupSeconds, Math.min(plan.rate, 200))
      : undefined;
  const retriesBefore = await counter(issuesMetricsUrl, 'db_transaction_retries_total');
  const fixedRate = await load('rate', plan.durationSeconds, plan.rate);
  const retriesAfter = await counter(issuesMetricsUrl, 'db_transaction_retries_total');
  const capacity =
    plan.capacitySeconds > 0 ? await load('capacity', plan.capacitySeconds) : undefined;

  const phases = [fixedRate, ...(capacity ? [capacity] : [])];
  const responses = phases.reduce((t, r) => t + r.responses, warmup?.responses ?? 0);
  const failed = [warmup, ...phases].reduce((t, r) => t + (r ? r.non2xx + r.graphqlErrors : 0), 0);
  // autocannon builds one request per connection ahead: an upper bound of the cut-off ones.
  const unanswered = Math.max(0, sent - responses);

  const like = `'${titlePrefix.replace(/'/g, "''")} %'`;
  const ids = new Set(
    (await sql(databaseUrl, `select id from issues where title like ${like}`)).map((r) => r[0]!),
  );
  const perRepository = await sql(
    databaseUrl,
    `select count(*), count(distinct number), min(number), max(number)
       from issues where title like ${like} group by repository`,
  );
  let duplicateNumbersInDatabase = 0;
  let gapFree = true;
  for (const [count, distinct, min, max] of perRepository) {
    duplicateNumbersInDatabase += Number(count) - Number(distinct);
    if (Number(min) !== 1 || Number(max) !== Number(count)) gapFree = false;
  }
  const answeredButMissing = [...answeredIds].filter((id) => !ids.has(id)).length;
  const unconfirmedRows = [...ids].filter((id) => !answeredIds.has(id)).length;
  const duplicateNumbersAnswered = [...answered.values()].filter((n) => n > 1).length;
  return {
    plan,
    repositories,
    fixedRate,
    ...(capacity ? { capacity } : {}),
    ...(retriesBefore !== undefined && retriesAfter !== undefined
      ? { transactionRetries: retriesAfter - retriesBefore }
      : {}),
    verification: {
      created: answeredIds.size,
      rowsInDatabase: ids.size,
      answeredButMissing,
      unconfirmedRows,
      unanswered,
      failed,
      duplicateNumbersAnswered,
      duplicateNumbersInDatabase,
      gapFree,
      ok:
        answeredButMissing === 0 &&
        unconfirmedRows <= unanswered + failed &&
        duplicateNumbersAnswered === 0 &&
        duplicateNumbersInDatabase === 0 &&
        gapFree,
    },
  };
}

/** Sum of a Prometheus counter over its labels; undefined when the service does not export it. */
async function counter(metricsUrl: string, name: string): Promise<number | undefined> {
  try {
    const text = await (await fetch(metricsUrl)).text();
    // A labelled counter never incremented has its TYPE line and no samples yet.
    let total = text.includes(`# TYPE ${name} counter`) ? 0 : undefined;
    for (const match of text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'gm'))) {
      total = (total ?? 0) + Number(match[1]);
    }
    return total;
  } catch {
    return undefined;
  }
}
