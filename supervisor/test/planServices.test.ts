import { childEnv, embeddedDatabaseUrl, planServices } from '../src/planServices';
import { serviceCatalog, type SupervisorConfig } from '../src/serviceCatalog';

const config: SupervisorConfig = {
  rootDir: '/repo',
  dataDir: '/data/.gitforge',
  host: '127.0.0.1',
  ports: {
    GATEWAY_PORT: 4000,
    ISSUES_PORT: 4001,
    REPOSITORY_PORT: 4002,
    RESILIENCE_PORT: 4003,
    GIT_PROXY_PORT: 4080,
    GITHOST_PORT: 3000,
    DEVDB_PORT: 54329,
  },
  jwtSecret: 'secret',
  webhookSecret: 'hook-secret',
};

/** What is built today: the embedded database, the issues subgraph and the gateway. */
const today = new Set([
  '/repo/lib/devdb/dist/main.js',
  '/repo/subgraphs/issues/dist/main.js',
  '/repo/gateway/dist/main.js',
]);
const builtToday = (script: string) => today.has(script);
const everythingBuilt = () => true;

describe('planServices', () => {
  it('runs devdb, issues and the gateway, in that order, when DATABASE_URL is unset', () => {
    const plan = planServices(config, serviceCatalog, builtToday);
    expect(plan.errors).toEqual([]);
    expect(plan.services.map((s) => [s.name, s.stage, s.port])).toEqual([
      ['devdb', 'infrastructure', 54329],
      ['issues', 'subgraphs', 4001],
      ['gateway', 'edge', 4000],
    ]);
    expect(plan.services[0]).toMatchObject({
      script: '/repo/lib/devdb/dist/main.js',
      readiness: { kind: 'tcp' },
    });
    expect(plan.services[1]?.readiness).toEqual({ kind: 'http', path: '/health/ready' });
  });

  it('gives every child the embedded database URL, and a pool of one, when none is configured', () => {
    const plan = planServices(config, serviceCatalog, builtToday);
    expect(plan.sharedEnv.DATABASE_URL).toBe(
      'postgres://postgres:postgres@127.0.0.1:54329/postgres',
    );
    expect(plan.sharedEnv.DATABASE_POOL_MAX).toBe('1');
    expect(embeddedDatabaseUrl(1234)).toBe('postgres://postgres:postgres@127.0.0.1:1234/postgres');
  });

  it('skips devdb and passes the given DATABASE_URL on when one is set', () => {
    const databaseUrl = 'postgres://u:p@db.example:5432/gitforge';
    const plan = planServices({ ...config, databaseUrl }, serviceCatalog, builtToday);
    expect(plan.services.map((s) => s.name)).toEqual(['issues', 'gateway']);
    expect(plan.skipped).toContainEqual({ name: 'devdb', reason: 'DATABASE_URL is set' });
    expect(plan.sharedEnv.DATABASE_URL).toBe(databaseUrl);
    expect(plan.sharedEnv).not.toHaveProperty('DATABASE_POOL_MAX');
  });

  it('skips services that are not built yet, saying so', () => {
    const plan = planServices(config, serviceCatalog, builtToday);
    expect(plan.skipped.map((s) => s.name)).toEqual([
      'githost',
      'repository',
      'resilience',
      'git-proxy',
    ]);
    expect(plan.skipped[1]).toEqual({
      name: 'repository',
      reason: 'subgraphs/repository/dist/main.js is not built',
    });
  });

  it('refuses to start without a required service', () => {
    const plan = planServices(config, serviceCatalog, (s) => !s.includes('gateway'));
    expect(plan.errors).toEqual([
      'gateway: gateway/dist/main.js is not built (run `npm run build`)',
    ]);
  });

  it('points the gateway at every subgraph that runs', () => {
    const gatewayEnv = (built: (s: string) => boolean) =>
      planServices(config, serviceCatalog, built).services.find((s) => s.name === 'gateway')?.env;
    expect(gatewayEnv(builtToday)).toEqual({
      SUBGRAPH_URLS: 'issues=http://127.0.0.1:4001/graphql',
    });
    expect(gatewayEnv(everythingBuilt)).toEqual({
      SUBGRAPH_URLS:
        'issues=http://127.0.0.1:4001/graphql,repository=http://127.0.0.1:4002/graphql,' +
        'resilience=http://127.0.0.1:4003/graphql',
    });
  });

  it('wires webhooks and repository access when the repository subgraph runs', () => {
    const plan = planServices(config, serviceCatalog, everythingBuilt);
    expect(plan.sharedEnv).toMatchObject({
      GITFORGE_WEBHOOK_SECRET: 'hook-secret',
      GITFORGE_WEBHOOK_URL: 'http://127.0.0.1:4000/api/webhooks',
      REPOSITORY_SUBGRAPH_URL: 'http://127.0.0.1:4002/graphql',
      // Quota limits: the repository subgraph asks the issues subgraph.
      ISSUES_SUBGRAPH_URL: 'http://127.0.0.1:4001/graphql',
    });
    expect(planServices(config, serviceCatalog, builtToday).sharedEnv).not.toHaveProperty(
      'REPOSITORY_SUBGRAPH_URL',
    );
  });

  it('makes the gateway, and only it, a trusted proxy of the repository subgraph', () => {
    const plan = planServices(config, serviceCatalog, everythingBuilt);
    const env = (name: string) => plan.services.find((s) => s.name === name)!.env;
    expect(env('repository').TRUSTED_PROXIES).toBe('127.0.0.1');
    expect(plan.sharedEnv).not.toHaveProperty('TRUSTED_PROXIES');
    expect(env('git-proxy')).not.toHaveProperty('TRUSTED_PROXIES');
    const wildcard = planServices({ ...config, host: '::' }, serviceCatalog, everythingBuilt);
    expect(wildcard.services.find((s) => s.name === 'repository')!.env.TRUSTED_PROXIES).toBe('::1');
    const named = planServices({ ...config, host: 'localhost' }, serviceCatalog, everythingBuilt);
    expect(named.services.find((s) => s.name === 'repository')!.env.TRUSTED_PROXIES).toBe(
      '127.0.0.1,::1',
    );
  });

  it("gives the embedded git host's admin token to githost and the repository subgraph only", () => {
    const token = 'githost-admin-token-for-the-plan-test';
    const plan = planServices(
      { ...config, giteaAdminToken: token },
      serviceCatalog,
      everythingBuilt,
    );
    const holders = plan.services
      .filter((s) => s.env.GITEA_ADMIN_TOKEN === token)
      .map((s) => s.name);
    expect(holders.sort()).toEqual(['githost', 'repository']);
    expect(plan.sharedEnv).not.toHaveProperty('GITEA_ADMIN_TOKEN');
    const without = planServices(config, serviceCatalog, everythingBuilt);
    expect(without.services.some((s) => 'GITEA_ADMIN_TOKEN' in s.env)).toBe(false);
  });

  it('probes services bound to a wildcard address over loopback; devdb always listens on loopback', () => {
    const plan = planServices({ ...config, host: '0.0.0.0' }, serviceCatalog, builtToday);
    const issues = plan.services.find((s) => s.name === 'issues');
    const devdb = plan.services.find((s) => s.name === 'devdb');
    expect(issues).toMatchObject({ bindHost: '0.0.0.0', probeHost: '127.0.0.1' });
    expect(devdb).toMatchObject({ bindHost: '127.0.0.1', probeHost: '127.0.0.1' });
    expect(plan.sharedEnv.HOST).toBe('0.0.0.0');
  });

  it('runs githost and hands its URL to the others when GITEA_URL is unset', () => {
    const plan = planServices(config, serviceCatalog, everythingBuilt);
    expect(plan.services.map((s) => s.name)).toContain('githost');
    expect(plan.sharedEnv.GITEA_URL).toBe('http://127.0.0.1:3000');

    const external = planServices(
      { ...config, giteaUrl: 'https://gitea.example' },
      serviceCatalog,
      everythingBuilt,
    );
    expect(external.skipped).toContainEqual({ name: 'githost', reason: 'GITEA_URL is set' });
    expect(external.sharedEnv.GITEA_URL).toBe('https://gitea.example');
  });

  it('shares the data dir, host, ports and JWT secret with every child', () => {
    const plan = planServices(config, serviceCatalog, builtToday);
    expect(plan.sharedEnv).toMatchObject({
      GITFORGE_DATA_DIR: '/data/.gitforge',
      HOST: '127.0.0.1',
      GATEWAY_PORT: '4000',
      ISSUES_PORT: '4001',
      DEVDB_PORT: '54329',
      GITFORGE_JWT_SECRET: 'secret',
    });
    expect(plan.sharedEnv).not.toHaveProperty('GITEA_URL');
  });

  it('reports ports configured twice or left at 0', () => {
    const ports = { ...config.ports, ISSUES_PORT: 4000, DEVDB_PORT: 0 };
    const plan = planServices({ ...config, ports }, serviceCatalog, builtToday);
    expect(plan.errors).toEqual([
      'DEVDB_PORT must not be 0: every service needs a known port',
      'port 4000 is configured for both issues (ISSUES_PORT) and gateway (GATEWAY_PORT)',
    ]);
  });
});

describe('childEnv', () => {
  it('layers the service variables over the shared ones over the inherited ones', () => {
    const plan = planServices(config, serviceCatalog, builtToday);
    const gateway = plan.services.find((s) => s.name === 'gateway')!;
    const env = childEnv(
      { PATH: '/bin', DATABASE_URL: 'ignored', SUBGRAPH_URLS: 'ignored', LOG_LEVEL: 'debug' },
      plan,
      gateway,
    );
    expect(env).toMatchObject({
      PATH: '/bin',
      LOG_LEVEL: 'debug',
      DATABASE_URL: 'postgres://postgres:postgres@127.0.0.1:54329/postgres',
      SUBGRAPH_URLS: 'issues=http://127.0.0.1:4001/graphql',
    });
  });
});
