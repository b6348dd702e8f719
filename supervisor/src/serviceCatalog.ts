import type { PortVar } from './env';

/** Services start stage by stage (each waits for the previous one) and stop in reverse. */
export type Stage = 'infrastructure' | 'subgraphs' | 'edge';
export const stages: readonly Stage[] = ['infrastructure', 'subgraphs', 'edge'];

export type Readiness = { kind: 'tcp' } | { kind: 'http'; path: string };

/** What the service table sees of the configuration. */
export interface SupervisorConfig {
  rootDir: string;
  /** Absolute. */
  dataDir: string;
  host: string;
  ports: Record<PortVar, number>;
  /** Given by the user; unset means the embedded database (devdb) runs. */
  databaseUrl?: string;
  /** Given by the user; unset means the embedded git host (githost) runs. */
  giteaUrl?: string;
  jwtSecret: string;
  /** Shared by the git host's push webhooks and the repository subgraph that verifies them. */
  webhookSecret: string;
  /**
   * The embedded git host's admin token, given to it and to the repository subgraph only
   * (quota usage over every repository; deletion by ADMIN collaborators). Unset with a real Gitea:
   * the user sets GITEA_ADMIN_TOKEN themselves.
   */
  giteaAdminToken?: string;
}

export interface ServiceDefinition {
  name: string;
  /** Entry point relative to the repository root; the service is skipped while it is not built. */
  main: string;
  stage: Stage;
  portVar: PortVar;
  readiness: Readiness;
  /** Listed in the gateway's SUBGRAPH_URLS (served at `/graphql`). */
  subgraph?: boolean;
  /** Not being built is an error rather than a reason to skip it. */
  required?: boolean;
  /** Why the service is not needed with this configuration; undefined when it runs. */
  notNeededBecause?: (config: SupervisorConfig) => string | undefined;
  /** The address it listens on, when it ignores HOST. */
  listensOn?: string;
  /** Variables for this service only, on top of the shared ones. */
  env?: (context: { subgraphUrls: string }) => Record<string, string>;
}

const healthReady: Readiness = { kind: 'http', path: '/health/ready' };

/**
 * Every process of a local GitForge, in start order. Entries whose build output does not exist
 * yet (repository, resilience, git-proxy, githost) are skipped with a log line, so adding a
 * service means building it, not editing the supervisor.
 */
export const serviceCatalog: readonly ServiceDefinition[] = [
  {
    name: 'devdb',
    main: 'lib/devdb/dist/main.js',
    stage: 'infrastructure',
    portVar: 'DEVDB_PORT',
    readiness: { kind: 'tcp' },
    required: true,
    listensOn: '127.0.0.1',
    notNeededBecause: (config) => (config.databaseUrl ? 'DATABASE_URL is set' : undefined),
  },
  {
    name: 'githost',
    main: 'githost/dist/main.js',
    stage: 'infrastructure',
    portVar: 'GITHOST_PORT',
    readiness: healthReady,
    notNeededBecause: (config) => (config.giteaUrl ? 'GITEA_URL is set' : undefined),
  },
  {
    name: 'issues',
    main: 'subgraphs/issues/dist/main.js',
    stage: 'subgraphs',
    portVar: 'ISSUES_PORT',
    readiness: healthReady,
    subgraph: true,
  },
  {
    name: 'repository',
    main: 'subgraphs/repository/dist/main.js',
    stage: 'subgraphs',
    portVar: 'REPOSITORY_PORT',
    readiness: healthReady,
    subgraph: true,
  },
  {
    name: 'resilience',
    main: 'subgraphs/resilience/dist/main.js',
    stage: 'subgraphs',
    portVar: 'RESILIENCE_PORT',
    readiness: healthReady,
    subgraph: true,
  },
  {
    name: 'git-proxy',
    main: 'git-proxy/dist/main.js',
    stage: 'edge',
    portVar: 'GIT_PROXY_PORT',
    readiness: healthReady,
  },
  {
    name: 'gateway',
    main: 'gateway/dist/main.js',
    stage: 'edge',
    portVar: 'GATEWAY_PORT',
    readiness: healthReady,
    required: true,
    env: ({ subgraphUrls }) => ({ SUBGRAPH_URLS: subgraphUrls }),
  },
];
