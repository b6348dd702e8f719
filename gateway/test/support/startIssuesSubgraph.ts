import { createLogger } from '@gitforge/logging';
import type { PubSub } from '@gitforge/pubsub';
import {
  createIssuesServer,
  type IssuesServer,
} from '../../../subgraphs/issues/src/createIssuesServer';
import type { RepositoryAccess } from '../../../subgraphs/issues/src/services/repositoryAccess';
import { ownerByName } from '../../../subgraphs/issues/test/ownerByName';
import { JWT_SECRET } from './helpers';

/** The real issues subgraph (HTTP + graphql-ws) over the test database, on `port` (0 = any). */
export async function startIssuesSubgraph(
  options: { access?: RepositoryAccess; port?: number; pubsub?: PubSub; redisUrl?: string } = {},
): Promise<IssuesServer> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is set by the jest globalSetup');
  return createIssuesServer({
    port: options.port ?? 0,
    databaseUrl,
    poolMax: process.env.GITFORGE_TEST_EMBEDDED_DB === '1' ? 1 : 5,
    jwtSecret: JWT_SECRET,
    logger: createLogger('issues-test', 'silent'),
    access: options.access ?? ownerByName,
    pubsub: options.pubsub,
    redisUrl: options.redisUrl,
  });
}

let counter = 0;
/** A repository name no other test (or earlier run against the same database) uses. */
export function uniqueRepo(owner: string): string {
  counter += 1;
  return `${owner}/g${Date.now().toString(36)}${process.pid.toString(36)}${counter}`;
}
