import { resolve } from 'node:path';
import { signSessionToken } from '@gitforge/auth';
import { createPubSub, type PubSub } from '@gitforge/pubsub';
import { startNodeProcess, waitUntilReady, type RunningProcess } from '../../support/childProcess';
import { freePort, graphql, JWT_SECRET } from '../../support/helpers';
import { TestSubgraph } from '../../support/testSubgraph';
import { repositoryModule, type RepositoryRow } from '../../support/repositoryModule';

/*
 * Issue 15's end-to-end stack: the built gateway and issues subgraph (dist/main.js) as real
 * processes, real PostgreSQL and Redis, and the repository subgraph's stand-in the other
 * gateway e2e tests use (Gitea cannot run here; the stand-in owns `Repository` and answers the
 * issues subgraph's permission calls from `rows`). Every file gets its own Redis key prefix,
 * so its processes share a bus with each other only.
 */

export const root = resolve(__dirname, '../../../..');
export { JWT_SECRET };

export interface Service {
  name: string;
  port: number;
  /** http://127.0.0.1:<port> */
  origin: string;
  proc: RunningProcess;
  /** Whether the process is still running. */
  running(): boolean;
}

export interface StackOptions {
  /** Extra environment for every issues process (e.g. a short event retention). */
  issuesEnv?: Record<string, string>;
  /** Extra environment for every gateway process. */
  gatewayEnv?: Record<string, string>;
}

export interface GatewayStart {
  /** The issues process this gateway talks to (default: the first one started). */
  issues?: Service;
  /** A supergraph file to serve instead of composing the subgraphs (GATEWAY_SUPERGRAPH). */
  supergraphFile?: string;
  /** Reuse a port (a restart). */
  port?: number;
  env?: Record<string, string>;
}

const databaseUrl = (): string => {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is set by the jest globalSetup');
  return url;
};

export class FeedStack {
  readonly rows = new Map<string, RepositoryRow>();
  readonly repos = new TestSubgraph(
    repositoryModule(this.rows, { notFoundError: true }),
    JWT_SECRET,
    {
      recordRequests: false,
    },
  );
  readonly redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  readonly prefix = `feeds-e2e:${process.pid}:${Date.now().toString(36)}:`;
  readonly issues: Service[] = [];
  readonly gateways: Service[] = [];
  private bus?: PubSub;
  private readonly tokens = new Map<string, Promise<string>>();

  constructor(private readonly options: StackOptions = {}) {}

  async startRepository(): Promise<void> {
    await this.repos.start();
  }

  private shared(): Record<string, string> {
    return {
      GITFORGE_JWT_SECRET: JWT_SECRET,
      HOST: '127.0.0.1',
      NODE_ENV: 'test',
      REDIS_URL: this.redisUrl,
      REDIS_KEY_PREFIX: this.prefix,
      // Each line at once: a test that reads a process's output on failure sees all of it.
      LOG_SYNC: 'true',
    };
  }

  /** Starts an issues subgraph process (on `port` when restarting) and waits until ready. */
  async startIssues(name: string, port?: number): Promise<Service> {
    const listen = port ?? (await freePort());
    const proc = startNodeProcess(name, `${root}/subgraphs/issues/dist/main.js`, {
      ...this.shared(),
      ISSUES_PORT: String(listen),
      DATABASE_URL: databaseUrl(),
      DATABASE_POOL_MAX: process.env.GITFORGE_TEST_EMBEDDED_DB === '1' ? '1' : '4',
      RUN_MIGRATIONS: 'false',
      REPOSITORY_SUBGRAPH_URL: this.repos.url,
      ...this.options.issuesEnv,
    });
    const service = serviceOf(name, listen, proc);
    this.issues.push(service);
    await waitUntilReady(`${service.origin}/health/ready`, proc);
    return service;
  }

  /** Starts a gateway process in front of one issues process and the repository stand-in. */
  async startGateway(name: string, start: GatewayStart = {}): Promise<Service> {
    const listen = start.port ?? (await freePort());
    const issues = start.issues ?? this.issues[0];
    const origin: Record<string, string> = start.supergraphFile
      ? { GATEWAY_SUPERGRAPH: start.supergraphFile, GATEWAY_SUPERGRAPH_DEBOUNCE_MS: '50' }
      : {
          SUBGRAPH_URLS: `issues=${issues!.origin}/graphql,repository=${this.repos.url}`,
        };
    const proc = startNodeProcess(name, `${root}/gateway/dist/main.js`, {
      ...this.shared(),
      ...origin,
      GATEWAY_PORT: String(listen),
      GITFORGE_DATA_DIR: `${root}/.gitforge-feeds-e2e`,
      SUBGRAPH_POLL_INTERVAL_MS: '600000',
      // Every client of these tests comes from 127.0.0.1 and sends many mutations.
      MAX_CONNECTIONS_PER_CLIENT: '500',
      COST_BUDGET_POINTS: '100000000',
      ...this.options.gatewayEnv,
      ...start.env,
    });
    const service = serviceOf(name, listen, proc);
    this.gateways.push(service);
    await waitUntilReady(`${service.origin}/health/ready`, proc);
    return service;
  }

  token(login: string): Promise<string> {
    if (!this.tokens.has(login)) this.tokens.set(login, signSessionToken(JWT_SECRET, login));
    return this.tokens.get(login)!;
  }

  /** Creates an issue as `login` through `origin` (a gateway or an issues process); its id. */
  async createIssue(
    origin: string,
    repository: string,
    title: string,
    body?: string,
    login = 'alice',
  ): Promise<string> {
    const res = await graphql(
      origin,
      'mutation($i: CreateIssueInput!) { createIssue(input: $i) { id } }',
      { i: { repository, title, ...(body === undefined ? {} : { body }) } },
      { authorization: `Bearer ${await this.token(login)}` },
    );
    if (res.status !== 200 || res.body?.errors || !res.body?.data?.createIssue) {
      throw new Error(
        `createIssue "${title}" via ${origin}: ${res.status} ${JSON.stringify(res.body)}`,
      );
    }
    return res.body.data.createIssue.id as string;
  }

  /**
   * What the repository subgraph publishes when Gitea's webhook reports a repository's new
   * visibility (subgraphs/repository/src/webhooks/repositoryChanges.ts), after the stand-in's
   * own answer (`rows`) has changed: the issues processes drop their cached answers for it.
   */
  async setVisibility(repository: string, isPrivate: boolean, description?: string): Promise<void> {
    const row = this.rows.get(repository);
    this.rows.set(repository, {
      description: description ?? row?.description ?? `About ${repository}`,
      private: isPrivate,
    });
    this.bus ??= createPubSub({ redisUrl: this.redisUrl, prefix: this.prefix });
    await this.bus.publish('repositories.changes', {
      action: 'updated',
      repository,
      owner: repository.split('/')[0],
      private: isPrivate,
      at: new Date().toISOString(),
    });
  }

  /** Stops (SIGTERM, SIGKILL after 10 s) every process, the stand-in and the bus. */
  async close(): Promise<void> {
    await Promise.all([...this.gateways, ...this.issues].map((s) => s.proc.stop(10_000)));
    await this.repos.dispose();
    await this.bus?.close();
  }
}

function serviceOf(name: string, port: number, proc: RunningProcess): Service {
  return {
    name,
    port,
    origin: `http://127.0.0.1:${port}`,
    proc,
    running: () => proc.child.exitCode === null && proc.child.signalCode === null,
  };
}

/** SIGTERM (graceful, SIGKILL after 10 s) or SIGKILL (a crash); resolves once it has exited. */
export async function stopWith(service: Service, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  if (signal === 'SIGTERM') {
    await service.proc.stop(10_000);
    return;
  }
  if (!service.running()) return;
  const exited = new Promise((resolve) => service.proc.child.once('exit', resolve));
  service.proc.child.kill('SIGKILL');
  await exited;
}

/** A Prometheus sample's value from `${origin}/metrics` (summed over labels), or undefined. */
export async function metric(origin: string, name: string): Promise<number | undefined> {
  const text = await (await fetch(`${origin}/metrics`)).text();
  let found: number | undefined;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? ([0-9.eE+-]+|NaN)$/.exec(line);
    if (match?.[1] === name) found = (found ?? 0) + Number(match[3]);
  }
  return found;
}

/** The issues process's `issues_event_subscriptions` gauge (issueEvents subscriptions it serves). */
export async function upstreamSubscriptions(issues: Service): Promise<number> {
  const value = await metric(issues.origin, 'issues_event_subscriptions');
  if (value === undefined)
    throw new Error(`${issues.name} has no issues_event_subscriptions gauge`);
  return value;
}

let counter = 0;
/** A repository name no other test or earlier run against the same database uses. */
export function uniqueRepo(owner: string): string {
  counter += 1;
  return `${owner}/feeds${Date.now().toString(36)}${process.pid.toString(36)}${counter}`;
}

/**
 * Resolves once every subscriber has joined its feed: creates probe issues in `repository`
 * (through `origin`) until each of them has received the same probe. Returns that probe's title.
 */
export async function untilJoined(
  stack: FeedStack,
  origin: string,
  repository: string,
  subscribers: { titles(): string[]; ended(): boolean; errorCode(): string | undefined }[],
  label = 'Probe',
): Promise<string> {
  for (let probe = 0; probe < 40; probe += 1) {
    const ended = subscribers.find((s) => s.ended());
    if (ended) throw new Error(`a subscription ended before joining: ${ended.errorCode()}`);
    const title = `${label} ${probe}`;
    await stack.createIssue(origin, repository, title);
    const deadline = Date.now() + 1_500;
    while (Date.now() < deadline) {
      if (subscribers.every((s) => s.titles().includes(title))) return title;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  throw new Error(`the subscribers never all received the same probe in ${repository}`);
}
