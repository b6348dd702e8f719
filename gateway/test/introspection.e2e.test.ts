import { createGateway, type RunningGateway } from '../src/createGateway';
import { gitBrowsingModule } from './support/gitBrowsingModule';
import { TestSubgraph } from './support/testSubgraph';
import { captureLogger, graphql, JWT_SECRET } from './support/helpers';

const INTROSPECT = '{ __schema { queryType { name } } }';

describe('gateway introspection', () => {
  const repository = new TestSubgraph(gitBrowsingModule({ blob: 0, tree: 0 }), JWT_SECRET);
  const gateways: RunningGateway[] = [];
  const start = async (introspection?: boolean) => {
    const gw = await createGateway({
      subgraphs: [{ name: 'repository', url: repository.url }],
      jwtSecret: JWT_SECRET,
      logger: captureLogger().logger,
      pollIntervalMs: 60_000,
      introspection,
    });
    gateways.push(gw);
    return gw;
  };

  beforeAll(async () => {
    await repository.start();
  });

  afterAll(async () => {
    for (const gw of gateways) await gw.close();
    await repository.dispose();
  });

  it('refuses __schema when turned off (the production default) and still serves queries', async () => {
    const gw = await start(false);
    const refused = await graphql(gw.url, INTROSPECT);
    expect(refused.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(refused.body.errors[0].message).toMatch(/introspection/i);
    const query = await graphql(gw.url, '{ repository(owner: "a", name: "b") { fullName } }');
    expect(query.body).toEqual({ data: { repository: { fullName: 'a/b' } } });
  });

  it('answers it when turned on, and by default outside production', async () => {
    for (const gw of [await start(true), await start()]) {
      const res = await graphql(gw.url, INTROSPECT);
      expect(res.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    }
  });
});
