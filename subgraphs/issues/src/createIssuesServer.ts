import {
  isFeedToken,
  viewerFromAuthorization,
  type SessionVersions,
  type Viewer,
} from '@gitforge/auth';
import { HealthChecks } from '@gitforge/health';
import type { Logger } from '@gitforge/logging';
import { createMetrics, type ServiceMetrics } from '@gitforge/metrics';
import { createPubSub, type PubSub } from '@gitforge/pubsub';
import {
  graphqlRoute,
  startSubgraphApollo,
  startServiceServer,
  type AccessLogPolicy,
  type ServiceServer,
} from '@gitforge/server';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Counter, Histogram } from 'prom-client';
import { lazyContext, type IssuesContext } from './context';
import { createIssueEvents } from './createIssueEvents';
import { createOrm, migrate } from './db/createOrm';
import { createTransactor, isCockroachDb } from './db/createTransactor';
import { schema } from './schema';
import { AssigneeService } from './services/AssigneeService';
import { CommentService } from './services/CommentService';
import { createLoaders, type Loaders } from './services/createLoaders';
import type { IssueEventBus } from './services/IssueEventBus';
import { perRequestAccess } from './permissions/perRequestAccess';
import { RepositoryAccessChanges } from './permissions/RepositoryAccessChanges';
import {
  followRepositoryChanges,
  REPOSITORY_CHANGES_CHANNEL,
  type RepositoryChange,
} from './permissions/repositoryChanges';
import { PermissionFactsStore } from './permissions/PermissionFactsStore';
import { RepositoryAssignees } from './permissions/RepositoryAssignees';
import { RepositoryFactsStore } from './permissions/RepositoryFactsStore';
import { RepositorySubgraphAccess } from './permissions/RepositorySubgraphAccess';
import { rememberRepositoryFacts } from './permissions/rememberRepositoryFacts';
import { createSqlReader } from './read/SqlReader';
import { createQuotaService, type QuotaOptions } from './quota/quotaWiring';
import { quotaLimitsRoute } from './quota/quotaLimitsRoute';
import { deleteRepositoryIssues } from './services/deleteRepositoryIssues';
import { IssueQuery } from './services/IssueQuery';
import { IssueService } from './services/IssueService';
import { IssueWriter } from './write/IssueWriter';
import { RepositoryTurns } from './write/RepositoryTurns';
import {
  assigneesByLevel,
  levelsFromOwnerRule,
  type AssigneeCheck,
  type OwnerRuleAccess,
  type RepositoryAccess,
} from './services/repositoryAccess';
import { serveSubscriptions, type SubscriptionServer } from './ws/serveSubscriptions';

export interface IssuesServerOptions {
  /** Answer `__schema` / `__type` (main.ts: GRAPHQL_INTROSPECTION, else not in production). */
  introspection?: boolean;
  port: number;
  host?: string;
  databaseUrl: string;
  poolMax: number;
  jwtSecret: string;
  logger: Logger;
  runMigrations?: boolean;
  maxBodyBytes?: number;
  /**
   * The permission source, one of the two is required: a ready one (tests; the seed's
   * owner-or-not port is read as levels: owner ADMIN, readable READ) ...
   */
  access?: RepositoryAccess | OwnerRuleAccess;
  /** ... or the repository subgraph, asked for each viewer's level and the assignable users. */
  repositorySubgraphUrl?: string;
  /** Who may be assigned, with `access` (tests); default: users `access` gives WRITE or above. */
  assignees?: AssigneeCheck;
  /** Deadline of one permission call to the repository subgraph (`PERMISSION_TIMEOUT_MS`); default 1 s. */
  permissionTimeoutMs?: number;
  onQuery?: (sql: string) => void;
  /** `REDIS_URL`: issue events go through Redis (several replicas); unset = in-process. */
  redisUrl?: string;
  /** Before every Redis key and channel (`REDIS_KEY_PREFIX`); default `gitforge:`. */
  redisKeyPrefix?: string;
  /** A bus to use instead of one made from `redisUrl` (the caller closes it). */
  pubsub?: PubSub;
  /** WebSocket keep-alive ping interval; default 12 s. */
  keepAliveMs?: number;
  /**
   * Ended sessions (logout, logoutEverywhere), refused over HTTP and graphql-ws; main.ts always
   * passes them (REDIS_URL, else the data dir). Unset: not checked (tests). The caller closes it.
   */
  sessions?: SessionVersions;
  /** Which requests get a `request completed` line at info (default: every one). */
  accessLog?: AccessLogPolicy;
  /** How long issue events stay in the outbox (`ISSUE_EVENT_RETENTION_SECONDS`); default 7 days. */
  eventRetentionSeconds?: number;
  /** How often the outbox is pruned (`ISSUE_EVENT_PRUNE_INTERVAL_SECONDS`); default 60 s. */
  eventPruneIntervalSeconds?: number;
  /** Events read from the outbox at a time by a replay or gap fill; default 200. */
  eventPageSize?: number;
  /** Owner quota defaults and extra site administrators (env `quota`); default 100 / 1 GiB. */
  quota?: QuotaOptions;
}

export interface IssuesServer extends ServiceServer {
  orm: MikroORM;
  metrics: ServiceMetrics;
  pubsub: PubSub;
  subscriptions: SubscriptionServer;
  /** issueEvents subscriptions this replica delivers to (the bus's listeners but its own). */
  eventSubscriptions(): number;
  /** Deletes the outbox's events older than the retention (or than `cutoff`) now. */
  pruneEvents(cutoff?: Date): Promise<number>;
  /** Where `repositoryAccessChanges` comes from (tests: who listens). */
  accessChanges: RepositoryAccessChanges;
  /** The issue events: outbox reads, subscriptions. */
  events: IssueEventBus;
}

/** Wires database, schema and HTTP for the issues subgraph (main.ts and tests both use it). */
export async function createIssuesServer(options: IssuesServerOptions): Promise<IssuesServer> {
  const { logger } = options;
  if (!options.access && !options.repositorySubgraphUrl) {
    // No allow-all fallback: an issues process that cannot check permissions must not serve.
    throw new Error(
      'createIssuesServer needs a permission source: repositorySubgraphUrl or access',
    );
  }
  const orm = await createOrm({
    databaseUrl: options.databaseUrl,
    poolMax: options.poolMax,
    onQuery: options.onQuery,
    log: (message) => logger.info(message),
  });
  if (options.runMigrations ?? true) await migrate(orm);

  const metrics = createMetrics('issues');
  const retries = new Counter({
    name: 'db_transaction_retries_total',
    help: 'SERIALIZABLE transactions run again after a serialization failure (40001) or deadlock',
    labelNames: ['sqlstate'],
    registers: [metrics.registry],
  });
  const cockroachDb = await isCockroachDb(orm.em);
  const onRetry = (_attempt: number, sqlstate: string) => retries.inc({ sqlstate });
  const transact = createTransactor(orm.em, { preferIndexScans: !cockroachDb, onRetry });
  const createBatches = new Histogram({
    name: 'issues_create_batch_size',
    help: 'Issues filed per group-commit transaction (createIssue)',
    buckets: [1, 2, 4, 8, 16, 32, 64],
    registers: [metrics.registry],
  });
  // Event-writing transactions of one repository take turns in this process (RepositoryTurns).
  const turns = new RepositoryTurns();
  const creation = new IssueWriter(orm.em, {
    cockroachDb,
    retry: { onRetry },
    onBatch: (size) => createBatches.observe(size),
  });
  const pubsub =
    options.pubsub ??
    createPubSub({ redisUrl: options.redisUrl, prefix: options.redisKeyPrefix, logger });
  const ownsPubsub = !options.pubsub;

  const facts = new RepositoryFactsStore(orm.em, transact);
  const levels = new PermissionFactsStore(orm.em);
  // Made below, once the access it checks with is; the bus liveness (next) tells it of losses.
  let events: IssueEventBus | undefined = undefined;
  let closing = false;
  // Every time access facts are dropped, the gateway's feeds hear of it.
  const accessChanges = new RepositoryAccessChanges();
  // Decisions from facts in memory only while the changes that drop them reach this process.
  let followingChanges = () => false;
  const remembered = options.access
    ? undefined
    : rememberRepositoryFacts(pubsub, () => followingChanges(), {
        shared: !ownsPubsub || pubsub.kind === 'redis',
        logger,
        // Not while closing: stopping forgets every fact, and telling the gateway would make it
        // re-check every subscriber against a process that is going away.
        onForgotten: (repositories) => {
          if (!closing) repositories.forEach((r) => accessChanges.changed(r));
        },
        // Nor this: BusLiveness.stop() reports a loss too, and the pool is going away.
        onBusLost: () => {
          if (!closing) events?.catchUpAll();
        },
      });
  const subgraphAccess = options.access
    ? undefined
    : new RepositorySubgraphAccess({
        url: options.repositorySubgraphUrl!,
        jwtSecret: options.jwtSecret,
        facts,
        levels,
        known: remembered?.known,
        timeoutMs: options.permissionTimeoutMs,
        logger,
        onFactsChanged: (repository) => accessChanges.changed(repository),
      });
  const access: RepositoryAccess = options.access
    ? levelsFromOwnerRule(options.access)
    : subgraphAccess!;
  const assigneeCheck: AssigneeCheck =
    options.assignees ??
    (subgraphAccess
      ? new RepositoryAssignees({
          url: options.repositorySubgraphUrl!,
          jwtSecret: options.jwtSecret,
          timeoutMs: options.permissionTimeoutMs,
          facts,
          levels,
          logger,
        })
      : assigneesByLevel(access));
  // Repository changes published by the repository subgraph (its mutations and the webhooks):
  // answers under way are dropped at once, facts updated, a deleted repository's issues deleted.
  // Issues first, then the facts: a process stopped in between still has the old Gitea id
  // stored, so the next check finds the re-created repository and finishes the deletion.
  const applyRepositoryChange = async (change: RepositoryChange) => {
    // Membership, team and collaborator changes publish `updated`: no stored level holds after.
    // Its own failure must not keep the issues of a deleted repository (below) from going.
    await levels.forgetRepository(change.repository).catch((err: unknown) => {
      logger.error({ err, repository: change.repository }, 'could not drop the stored levels');
    });
    if (change.action !== 'updated') {
      const deleted = await deleteRepositoryIssues(transact, change.repository, change.at);
      if (deleted > 0) {
        logger.info({ repository: change.repository, deleted }, 'deleted repository issues');
      }
    }
    if (change.action === 'deleted') await facts.forget(change.repository, change.at);
    if (change.action !== 'deleted') {
      await facts.record(change.repository, change, change.at);
    }
  };
  const repositoryChanges = followRepositoryChanges(
    pubsub,
    {
      invalidate: (change) => {
        subgraphAccess?.invalidate(change.repository);
        accessChanges.changed(change.repository);
      },
      apply: applyRepositoryChange,
    },
    logger,
  );
  followingChanges = () => repositoryChanges.following();
  // Up and following when the bus is; up anyway when it is not (retried in the background).
  await repositoryChanges.firstAttempt;
  if (subgraphAccess && pubsub.kind === 'memory') {
    logger.info(
      'REDIS_URL is unset: repository changes made by the repository subgraph (another ' +
        'process) do not reach this one; a re-created repository is recognised by its new ' +
        "Gitea id at its first permission check, which deletes the deleted one's issues",
    );
  }
  // Every listener on the bus but the repository-changes follower(s) and the heartbeat.
  const eventSubscriptions = () =>
    pubsub.listenerCount() -
    pubsub.listenerCount(REPOSITORY_CHANGES_CHANNEL) -
    (remembered ? pubsub.listenerCount(remembered.heartbeatChannel) : 0);
  const issueEvents = createIssueEvents({
    pubsub,
    em: orm.em,
    access,
    logger,
    registry: metrics.registry,
    eventSubscriptions,
    retentionSeconds: options.eventRetentionSeconds,
    pruneIntervalSeconds: options.eventPruneIntervalSeconds,
    pageSize: options.eventPageSize,
  });
  events = issueEvents.bus;

  const quotas = createQuotaService(orm.em, transact, options.quota);

  const health = new HealthChecks();
  health.add('database', async () => {
    await orm.em.fork().execute('select 1');
  });
  health.add(`pubsub:${pubsub.kind}`, () => pubsub.check());
  type TarnPool = { numUsed(): number; numFree(): number; numPendingAcquires(): number };
  const pool = (orm.em.getKnex().client as { pool?: TarnPool }).pool;
  metrics.trackDatabasePool(() => ({
    used: pool?.numUsed() ?? 0,
    idle: pool?.numFree() ?? 0,
    max: options.poolMax,
    waiting: pool?.numPendingAcquires() ?? 0,
  }));

  // Reads on the hot path: plain SQL over the ORM's pool (read/SqlReader).
  const sql = createSqlReader(orm, options.onQuery);
  const apollo = await startSubgraphApollo<IssuesContext>(schema, logger, {
    introspection: options.introspection,
  });

  // Services are made on first use: a subscription event that reads no table (most do not)
  // then costs no EntityManager fork, which matters when one event goes to 1,000 subscribers.
  const contextFor = (viewer: Viewer | null, feed = false): IssuesContext => {
    let em: EntityManager | undefined;
    let issues: IssueService | undefined;
    let comments: CommentService | undefined;
    let assignees: AssigneeService | undefined;
    let issueQuery: IssueQuery | undefined;
    let loaders: Loaders | undefined;
    const forked = () => (em ??= orm.em.fork());
    const requestAccess = perRequestAccess(access);
    const issueService = () =>
      (issues ??= new IssueService(forked(), transact, requestAccess, creation, events, turns));
    // Made on first use (see lazyContext: Apollo copies the context per request).
    return lazyContext(
      { viewer, feed, accessChanges, access: requestAccess, events, quotas },
      {
        issues: issueService,
        comments: () =>
          (comments ??= new CommentService(forked(), transact, issueService(), events)),
        assignees: () => (assignees ??= new AssigneeService(issueService(), assigneeCheck, events)),
        issueQuery: () =>
          (issueQuery ??= new IssueQuery(sql, (r) => requestAccess.canRead(viewer, r))),
        loaders: () => (loaders ??= createLoaders(sql)),
      },
    );
  };

  const server = await startServiceServer({
    service: 'issues',
    accessLog: options.accessLog,
    port: options.port,
    host: options.host,
    logger,
    metrics,
    health,
    routes: [
      quotaLimitsRoute({ quotas, jwtSecret: options.jwtSecret, logger }),
      graphqlRoute(apollo, {
        maxBodyBytes: options.maxBodyBytes,
        context: async (req) => {
          const authorization = req.headers.authorization;
          // The gateway's feed token is not a session: no viewer, and only the feeds (schema/feedToken).
          if (isFeedToken(options.jwtSecret, authorization)) return contextFor(null, true);
          return contextFor(
            await viewerFromAuthorization(options.jwtSecret, authorization, {
              sessions: options.sessions,
            }),
          );
        },
      }),
    ],
  });

  const subscriptions = serveSubscriptions({
    server: server.server,
    path: '/graphql',
    schema,
    jwtSecret: options.jwtSecret,
    sessions: options.sessions,
    logger,
    contextFor,
    maxPayloadBytes: options.maxBodyBytes ?? 256 * 1024,
    keepAliveMs: options.keepAliveMs,
  });

  return {
    ...server,
    orm,
    metrics,
    pubsub,
    subscriptions,
    eventSubscriptions,
    accessChanges,
    events,
    pruneEvents: (cutoff) => issueEvents.prune(cutoff),
    async close() {
      closing = true;
      await issueEvents.stop();
      await repositoryChanges.stop();
      await remembered?.stop();
      await subscriptions.close();
      await server.close();
      await apollo.stop();
      if (ownsPubsub) await pubsub.close();
      await orm.close();
    },
  };
}
