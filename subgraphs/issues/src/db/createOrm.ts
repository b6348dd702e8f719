import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
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
  return orm;
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
