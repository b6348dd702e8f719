import { isIP } from 'node:net';
import { join } from 'node:path';
import type { PortVar } from './env';
import { connectHost, httpUrl } from './hosts';
import type { Readiness, ServiceDefinition, Stage, SupervisorConfig } from './serviceCatalog';

export interface PlannedService {
  name: string;
  stage: Stage;
  /** Absolute path of the entry point run with `node`. */
  script: string;
  portVar: PortVar;
  port: number;
  readiness: Readiness;
  /** The address it listens on. */
  bindHost: string;
  /** Where the supervisor reaches it for readiness checks. */
  probeHost: string;
  /** This service's own variables, applied over the shared ones. */
  env: Record<string, string>;
}

export interface ServicePlan {
  services: PlannedService[];
  skipped: { name: string; reason: string }[];
  /** Problems that make starting pointless (a required service not built, a port used twice). */
  errors: string[];
  /** Variables every child gets, over the supervisor's own environment. */
  sharedEnv: Record<string, string>;
}

export function embeddedDatabaseUrl(port: number): string {
  return `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
}

/**
 * Decides which services run and with which environment. Pure: `isBuilt` answers whether an
 * entry point exists.
 */
export function planServices(
  config: SupervisorConfig,
  catalog: readonly ServiceDefinition[],
  isBuilt: (script: string) => boolean,
): ServicePlan {
  const skipped: ServicePlan['skipped'] = [];
  const errors: string[] = [];
  const running: ServiceDefinition[] = [];
  for (const definition of catalog) {
    const notNeeded = definition.notNeededBecause?.(config);
    if (notNeeded) {
      skipped.push({ name: definition.name, reason: notNeeded });
    } else if (!isBuilt(join(config.rootDir, definition.main))) {
      const reason = `${definition.main} is not built`;
      if (definition.required) errors.push(`${definition.name}: ${reason} (run \`npm run build\`)`);
      else skipped.push({ name: definition.name, reason });
    } else {
      running.push(definition);
    }
  }

  const probeHostOf = (d: ServiceDefinition) => connectHost(d.listensOn ?? config.host);
  const subgraphUrls = running
    .filter((d) => d.subgraph)
    .map((d) => `${d.name}=${httpUrl(probeHostOf(d), config.ports[d.portVar], '/graphql')}`)
    .join(',');

  const services = running.map((d): PlannedService => ({
    name: d.name,
    stage: d.stage,
    script: join(config.rootDir, d.main),
    portVar: d.portVar,
    port: config.ports[d.portVar],
    readiness: d.readiness,
    bindHost: d.listensOn ?? config.host,
    probeHost: probeHostOf(d),
    env: d.env?.({ subgraphUrls }) ?? {},
  }));
  errors.push(...findPortProblems(services));

  const githost = services.find((s) => s.name === 'githost');
  const gateway = services.find((s) => s.name === 'gateway');
  const repository = services.find((s) => s.name === 'repository');
  const issues = services.find((s) => s.name === 'issues');
  const giteaUrl =
    config.giteaUrl ?? (githost ? httpUrl(githost.probeHost, githost.port, '') : undefined);
  const sharedEnv: Record<string, string> = {
    GITFORGE_DATA_DIR: config.dataDir,
    HOST: config.host,
    ...Object.fromEntries(Object.entries(config.ports).map(([k, v]) => [k, String(v)])),
    ...(config.databaseUrl
      ? { DATABASE_URL: config.databaseUrl }
      : // PGlite serves one connection at a time.
        { DATABASE_URL: embeddedDatabaseUrl(config.ports.DEVDB_PORT), DATABASE_POOL_MAX: '1' }),
    GITFORGE_JWT_SECRET: config.jwtSecret,
    GITFORGE_WEBHOOK_SECRET: config.webhookSecret,
    ...(giteaUrl ? { GITEA_URL: giteaUrl } : {}),
    ...(gateway
      ? { GITFORGE_WEBHOOK_URL: httpUrl(gateway.probeHost, gateway.port, '/api/webhooks') }
      : {}),
    // The issues subgraph asks the repository subgraph who may read a repository.
    ...(repository
      ? { REPOSITORY_SUBGRAPH_URL: httpUrl(repository.probeHost, repository.port, '/graphql') }
      : {}),
    // The repository subgraph reads owners' quota limits from the issues subgraph.
    ...(issues ? { ISSUES_SUBGRAPH_URL: httpUrl(issues.probeHost, issues.port, '/graphql') } : {}),
  };
  if (config.giteaAdminToken && githost && repository) {
    for (const service of [githost, repository]) {
      service.env = { ...service.env, GITEA_ADMIN_TOKEN: config.giteaAdminToken };
    }
  }
  // The gateway forwards the client's address in X-Forwarded-For; the repository subgraph
  // believes it from the address the gateway dials it on (a local connection comes from there).
  if (repository && gateway) {
    const dialed = repository.probeHost;
    repository.env = {
      ...repository.env,
      TRUSTED_PROXIES: isIP(dialed) ? dialed : '127.0.0.1,::1',
    };
  }
  return { services, skipped, errors, sharedEnv };
}

function findPortProblems(services: PlannedService[]): string[] {
  const problems = services
    .filter((s) => s.port === 0)
    .map((s) => `${s.portVar} must not be 0: every service needs a known port`);
  const byPort = new Map<number, PlannedService[]>();
  for (const s of services) {
    if (s.port !== 0) byPort.set(s.port, [...(byPort.get(s.port) ?? []), s]);
  }
  for (const [port, users] of byPort) {
    if (users.length > 1) {
      const names = users.map((u) => `${u.name} (${u.portVar})`).join(' and ');
      problems.push(`port ${port} is configured for both ${names}`);
    }
  }
  return problems;
}

/** The environment of one child: the supervisor's own, the shared variables, its own. */
export function childEnv(
  base: NodeJS.ProcessEnv,
  plan: ServicePlan,
  service: PlannedService,
): NodeJS.ProcessEnv {
  return { ...base, ...plan.sharedEnv, ...service.env };
}
