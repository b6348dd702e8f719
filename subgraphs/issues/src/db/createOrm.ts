import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { startSqlSpan, tracingEnabled, type ClientSpan } from '@gitforge/tracing';
import { CommentSchema, IssueLabelSchema, IssueSchema, LabelSchema } from './entities';
import { migrationsList } from './migrations';

export interface OrmOptions {
  databaseUrl: string;
  poolMax: number;
  /** Called with every SQL statement sent (used for metrics and the N+1 test). */
  onQuery?: (sql: string) => void;
  /** Where MikroORM's own messages (migrations applied, ...) go. */
  log?: (message: string) => void;
}

/** The composition root of the database layer: one ORM per process, migrations committed in code. */
export async function createOrm(options: OrmOptions): Promise<MikroORM> {
  const config: Options = {
    clientUrl: options.databaseUrl,
    entities: [IssueSchema, CommentSchema, LabelSchema, IssueLabelSchema],
    extensions: [Migrator],
    pool: { min: 0, max: options.poolMax },
    discovery: { warnWhenNoEntities: true },
    allowGlobalContext: false,
    migrations: {
      migrationsList,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
    },
    debug: false,
    colors: false,
    logger: (message) => options.log?.(message),
  };
  const orm = await MikroORM.init(config);
  const { onQuery } = options;
  // Every statement, whether from the unit of work or a query builder, goes through knex.
  if (onQuery) orm.em.getKnex().on('query', (query: { sql: string }) => onQuery(query.sql));
  if (tracingEnabled()) traceKnexStatements(orm);
  return orm;
}

interface KnexQuery {
  sql: string;
  __knexQueryUid?: string;
}

/**
 * Tracing on: a span per statement the ORM sends, opened by knex's `query` event (emitted in
 * the caller's async context, so the span has the resolver's parent) and ended by its answer.
 */
function traceKnexStatements(orm: MikroORM): void {
  const open = new Map<string, ClientSpan>();
  const knex = orm.em.getKnex();
  knex.on('query', (query: KnexQuery) => {
    const span = startSqlSpan(query.sql);
    if (!span || !query.__knexQueryUid) return;
    // Every statement is answered or fails; the bound only guards against a knex change.
    if (open.size >= 10_000) open.clear();
    open.set(query.__knexQueryUid, span);
  });
  const end = (query: KnexQuery | undefined, error?: unknown) => {
    const uid = query?.__knexQueryUid;
    if (!uid) return;
    open.get(uid)?.end(error === undefined ? {} : { error });
    open.delete(uid);
  };
  knex.on('query-response', (_response: unknown, query: KnexQuery) => end(query));
  knex.on('query-error', (error: unknown, query: KnexQuery) => end(query, error));
}

/**
 * Applies pending migrations. Replicas starting together may race to create the migrations
 * table or apply the same migration; the loser fails, and on a retry finds nothing pending.
 */
export async function migrate(orm: MikroORM, attempts = 5): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await orm.getMigrator().up();
      return;
    } catch (err) {
      if (attempt >= attempts) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt + Math.random() * 100));
    }
  }
}
