import { signSessionToken } from '@gitforge/auth';
import type { IssuesServer } from '../../../subgraphs/issues/src/createIssuesServer';
import { createGateway, type GatewayOptions, type RunningGateway } from '../../src/createGateway';
import { captureLogger, JWT_SECRET } from './helpers';
import { repositoryAccess, repositoryModule, type RepositoryRow } from './repositoryModule';
import { startIssuesSubgraph } from './startIssuesSubgraph';
import { TestSubgraph } from './testSubgraph';

export interface Federation {
  gateway: RunningGateway;
  /** The current issues subgraph (a new one after `restartIssues`). */
  readonly issues: IssuesServer;
  repos: TestSubgraph;
  /** What the repository subgraph and the issues subgraph's access port both read. */
  rows: Map<string, RepositoryRow>;
  /**
   * Listeners on the issues subgraph's bus for client subscriptions: a subscription counts once
   * it will see every event (the subgraph's own listeners, e.g. for repository changes, are not
   * counted).
   */
  subscriptionListeners(): number;
  token(login: string): Promise<string>;
  stopIssues(): Promise<void>;
  /** Starts the issues subgraph again on its old port. */
  startIssues(): Promise<void>;
  close(): Promise<void>;
}

/** The real issues subgraph + an in-test repository subgraph behind a running gateway. */
export async function startFederation(
  gatewayOptions: Partial<GatewayOptions> = {},
): Promise<Federation> {
  const rows = new Map<string, RepositoryRow>();
  const access = repositoryAccess(rows);
  let issues = await startIssuesSubgraph({ access });
  const issuesPort = Number(new URL(issues.url).port);
  const repos = await new TestSubgraph(repositoryModule(rows), JWT_SECRET).start();
  const gateway = await createGateway({
    subgraphs: [
      { name: 'issues', url: `${issues.url}/graphql` },
      { name: 'repository', url: repos.url },
    ],
    jwtSecret: JWT_SECRET,
    logger: captureLogger().logger,
    pollIntervalMs: 60_000,
    subgraphTimeoutMs: 2000,
    ...gatewayOptions,
  });
  const tokens = new Map<string, Promise<string>>();
  let issuesUp = true;
  return {
    gateway,
    get issues() {
      return issues;
    },
    repos,
    rows,
    subscriptionListeners: () => issues.eventSubscriptions(),
    token(login) {
      if (!tokens.has(login)) tokens.set(login, signSessionToken(JWT_SECRET, login));
      return tokens.get(login)!;
    },
    async stopIssues() {
      issuesUp = false;
      await issues.close();
    },
    async startIssues() {
      issues = await startIssuesSubgraph({ access, port: issuesPort });
      issuesUp = true;
    },
    async close() {
      await gateway.close();
      if (issuesUp) await issues.close();
      await repos.dispose();
    },
  };
}
