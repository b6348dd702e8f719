import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { viewerFromAuthorization } from '@gitforge/auth';
import { maskError } from '@gitforge/errors';
import { HealthChecks } from '@gitforge/health';
import type { Logger } from '@gitforge/logging';
import { createMetrics, type ServiceMetrics } from '@gitforge/metrics';
import { apolloRequestHandler, startServiceServer, type ServiceServer } from '@gitforge/server';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Counter } from 'prom-client';
import type { IssuesContext } from './context';
import { createOrm, migrate } from './db/createOrm';
import { createTransactor, isCockroachDb } from './db/createTransactor';
import { sqlStateOf } from './db/withTransaction';
import { schema } from './schema';
import { CommentService } from './services/CommentService';
import { createLoaders } from './services/createLoaders';
import { IssueQuery } from './services/IssueQuery';
import { IssueService } from './services/IssueService';
import { KeyedMutex } from './services/KeyedMutex';
import { ownerByName, type RepositoryAccess } from './services/repositoryAccess';

export interface IssuesServerOptions {
  port: number;
  host?: string;
  databaseUrl: string;
  poolMax: number;
  jwtSecret: string;
  logger: Logger;
  runMigrations?: boolean;
  maxBodyBytes?: number;
  access?: RepositoryAccess;
  onQuery?: (sql: string) => void;
}

export interface IssuesServer extends ServiceServer {
  orm: MikroORM;
  metrics: ServiceMetrics;
}

/** Wires database, schema and HTTP for the issues subgraph (main.ts and tests both use it). */
export async function createIssuesServer(options: IssuesServerOptions): Promise<IssuesServer> {
  const { logger } = options;
  const access = options.access ?? ownerByName;
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
  const creation = new KeyedMutex();
  const transact = createTransactor(orm.em, {
    preferIndexScans: !(await isCockroachDb(orm.em)),
    onRetry: (_attempt, err) => retries.inc({ sqlstate: sqlStateOf(err) ?? 'unknown' }),
  });
  const health = new HealthChecks();
  health.add('database', async () => {
    await orm.em.fork().execute('select 1');
  });
  const pool = (orm.em.getKnex().client as { pool?: { numUsed(): number; numFree(): number } })
    .pool;
  const poolGauge = setInterval(() => {
    metrics.databaseConnections.set({ state: 'used' }, pool?.numUsed() ?? 0);
    metrics.databaseConnections.set({ state: 'idle' }, pool?.numFree() ?? 0);
  }, 5000);
  poolGauge.unref();

  const apollo = new ApolloServer<IssuesContext>({
    schema,
    introspection: true,
    csrfPrevention: true,
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    formatError: (formatted, original) =>
      maskError(formatted, original, (err) => logger.error({ err }, 'unexpected error')),
  });
  await apollo.start();

  const server = await startServiceServer({
    service: 'issues',
    port: options.port,
    host: options.host,
    logger,
    metrics,
    health,
    routes: [
      {
        name: '/graphql',
        methods: ['GET', 'POST'],
        match: (path) => path === '/graphql',
        handle: apolloRequestHandler(apollo, {
          maxBodyBytes: options.maxBodyBytes,
          context: async (req) => {
            const viewer = await viewerFromAuthorization(
              options.jwtSecret,
              req.headers.authorization,
            );
            const em = orm.em.fork();
            const issues = new IssueService(em, transact, access, creation);
            return {
              viewer,
              issues,
              comments: new CommentService(em, transact, issues),
              issueQuery: new IssueQuery(em),
              loaders: createLoaders(em),
            };
          },
        }),
      },
    ],
  });

  return {
    ...server,
    orm,
    metrics,
    async close() {
      clearInterval(poolGauge);
      await server.close();
      await apollo.stop();
      await orm.close();
    },
  };
}
