import { EnvError } from '@gitforge/env';
import { loadEnv as loadRepositoryEnv } from '../../subgraphs/repository/src/env';
import { parseGatewayEnv, subgraphsFromEnv } from '../src/env';
import { parseSubgraphList } from '../src/subgraphs/parseSubgraphList';

describe('parseSubgraphList', () => {
  it('parses name=url pairs', () => {
    expect(
      parseSubgraphList(' issues=http://127.0.0.1:4001/graphql, repository=http://h:4002/graphql '),
    ).toEqual([
      { name: 'issues', url: 'http://127.0.0.1:4001/graphql' },
      { name: 'repository', url: 'http://h:4002/graphql' },
    ]);
  });

  it.each([
    ['', /at least one/],
    ['issues', /not name=url/],
    ['=http://x/graphql', /not name=url/],
    ['issues=not a url', /invalid URL/],
    ['issues=ftp://x/graphql', /http\(s\)/],
    ['a=http://x/g,a=http://y/g', /listed twice/],
  ])('rejects %j', (value, message) => {
    expect(() => parseSubgraphList(value)).toThrow(message);
  });
});

describe('gateway env', () => {
  it('defaults to the issues subgraph on ISSUES_PORT and the documented limits', () => {
    const env = parseGatewayEnv({ ISSUES_PORT: '5001' });
    expect(subgraphsFromEnv(env)).toEqual([
      { name: 'issues', url: 'http://127.0.0.1:5001/graphql' },
    ]);
    expect(env.server).toMatchObject({
      HOST: '127.0.0.1',
      GATEWAY_PORT: 4000,
      MAX_BODY_BYTES: 1048576,
    });
    expect(env.server.GRAPHQL_INTROSPECTION).toBeUndefined();
    expect(env.server.TRUSTED_PROXIES.empty).toBe(true);
    expect(env.limits).toEqual({
      MAX_DEPTH: 12,
      MAX_COST: 5000,
      COST_BUDGET_POINTS: 50_000,
      COST_BUDGET_WINDOW_MS: 60_000,
    });
    expect(env.subscriptions).toMatchObject({
      MAX_CONNECTIONS_PER_CLIENT: 20,
      MAX_SUBSCRIPTIONS_PER_CONNECTION: 100,
    });
    expect(env.subgraphs.SUBGRAPH_POLL_INTERVAL_MS).toBe(5000);
    expect(env.auth.GITFORGE_JWT_SECRET).toBeUndefined();
  });

  it('reads the abuse limits, trusted proxies and the introspection switch', () => {
    const env = parseGatewayEnv({
      COST_BUDGET_POINTS: '900',
      MAX_CONNECTIONS_PER_CLIENT: '3',
      MAX_SUBSCRIPTIONS_PER_CONNECTION: '7',
      TRUSTED_PROXIES: '10.0.0.0/8',
      GRAPHQL_INTROSPECTION: 'true',
    });
    expect(env.limits.COST_BUDGET_POINTS).toBe(900);
    expect(env.subscriptions.MAX_CONNECTIONS_PER_CLIENT).toBe(3);
    expect(env.subscriptions.MAX_SUBSCRIPTIONS_PER_CONNECTION).toBe(7);
    expect(env.server.TRUSTED_PROXIES.has('10.1.2.3')).toBe(true);
    expect(env.server.GRAPHQL_INTROSPECTION).toBe(true);
    expect(() => parseGatewayEnv({ MAX_SUBSCRIPTIONS_PER_CONNECTION: '0' })).toThrow(
      /MAX_SUBSCRIPTIONS_PER_CONNECTION/,
    );
  });

  it('keys Redis under REDIS_KEY_PREFIX (default gitforge:), refusing a prefix with spaces or globs', () => {
    expect(parseGatewayEnv({}).sessions.REDIS_KEY_PREFIX).toBe('gitforge:');
    expect(parseGatewayEnv({ REDIS_KEY_PREFIX: 'staging:' }).sessions.REDIS_KEY_PREFIX).toBe(
      'staging:',
    );
    expect(() => parseGatewayEnv({ REDIS_KEY_PREFIX: 'a b*' })).toThrow(/REDIS_KEY_PREFIX/);
  });

  it('uses SUBGRAPH_URLS when given', () => {
    const env = parseGatewayEnv({
      SUBGRAPH_URLS: 'issues=http://a:1/graphql,repository=http://b:2/graphql',
    });
    expect(subgraphsFromEnv(env).map((s) => s.name)).toEqual(['issues', 'repository']);
  });

  it('reports every problem at once', () => {
    try {
      parseGatewayEnv({ SUBGRAPH_URLS: 'nonsense', MAX_DEPTH: '-1', GITFORGE_JWT_SECRET: 'short' });
      throw new Error('expected EnvError');
    } catch (err) {
      expect(err).toBeInstanceOf(EnvError);
      const issues = (err as EnvError).issues.join('\n');
      expect(issues).toMatch(/SUBGRAPH_URLS/);
      expect(issues).toMatch(/MAX_DEPTH/);
      expect(issues).toMatch(/GITFORGE_JWT_SECRET/);
    }
  });

  it('layers deadlines: connect < subgraph call, and the defaults nest gateway > repository budget > Gitea call', () => {
    expect(() =>
      parseGatewayEnv({ SUBGRAPH_TIMEOUT_MS: '2000', SUBGRAPH_CONNECT_TIMEOUT_MS: '2000' }),
    ).toThrow(/SUBGRAPH_CONNECT_TIMEOUT_MS \(2000\) must be below SUBGRAPH_TIMEOUT_MS \(2000\)/);
    const gateway = parseGatewayEnv({}).subgraphs;
    const repository = loadRepositoryEnv({}).gitea;
    expect(gateway.SUBGRAPH_TIMEOUT_MS).toBe(10_000);
    expect(repository.REPOSITORY_REQUEST_TIMEOUT_MS).toBeLessThan(gateway.SUBGRAPH_TIMEOUT_MS);
    expect(repository.GITEA_TIMEOUT_MS).toBeLessThan(repository.REPOSITORY_REQUEST_TIMEOUT_MS);
    expect(repository.GITEA_TIMEOUT_MS).toBeLessThan(3000);
  });
});
