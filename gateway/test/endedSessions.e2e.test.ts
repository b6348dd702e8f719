import { randomUUID } from 'node:crypto';
import { RedisSessionVersions, signSessionToken } from '@gitforge/auth';
import { createGateway, type RunningGateway } from '../src/createGateway';
import { captureLogger, graphql, JWT_SECRET, waitFor } from './support/helpers';
import { issuesModule } from './support/issuesModule';
import { TestSubgraph } from './support/testSubgraph';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A session ended in another process (the repository subgraph's logoutEverywhere / logout,
 * announced through Redis) is refused at the edge, for every subgraph behind the gateway.
 */
describe('the gateway refuses sessions ended elsewhere', () => {
  const prefix = `test:${randomUUID()}:`;
  const issues = new TestSubgraph(issuesModule(), JWT_SECRET);
  const gatewaySessions = new RedisSessionVersions({ url: REDIS_URL, prefix });
  const repositorySessions = new RedisSessionVersions({ url: REDIS_URL, prefix });
  let gw: RunningGateway;

  beforeAll(async () => {
    await issues.start();
    await Promise.all([gatewaySessions.whenLive(), repositorySessions.whenLive()]);
    gw = await createGateway({
      subgraphs: [{ name: 'issues', url: issues.url }],
      jwtSecret: JWT_SECRET,
      sessions: gatewaySessions,
      logger: captureLogger().logger,
      pollIntervalMs: 60_000,
    });
  });

  afterAll(async () => {
    await gw?.close();
    await issues.dispose();
    await gatewaySessions.close();
    await repositorySessions.close();
  });

  const createIssue = (token: string) =>
    graphql(
      gw.url,
      'mutation($input: CreateIssueInput!) { createIssue(input: $input) { number } }',
      { input: { repository: 'carol/demo', title: 'hello' } },
      { authorization: `Bearer ${token}` },
    );

  it('after logoutEverywhere: every older session of the user, not other users', async () => {
    const carol = await signSessionToken(JWT_SECRET, 'carol');
    const dave = await signSessionToken(JWT_SECRET, 'dave');
    expect((await createIssue(carol)).body.errors).toBeUndefined();
    const version = await repositorySessions.endAll('carol');
    const refused = await waitFor(async () => {
      const res = await createIssue(carol);
      return res.status === 401 ? res : undefined;
    });
    expect(refused.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await createIssue(dave)).body.errors).toBeUndefined();
    const fresh = await signSessionToken(JWT_SECRET, 'carol', { sessionVersion: version });
    expect((await createIssue(fresh)).body.errors).toBeUndefined();
  });

  it('after logout: that session only', async () => {
    const ended = await signSessionToken(JWT_SECRET, 'erin', { sessionId: `a-${prefix}` });
    const other = await signSessionToken(JWT_SECRET, 'erin', { sessionId: `b-${prefix}` });
    await repositorySessions.revoke(`a-${prefix}`, Date.now() + 60_000);
    await waitFor(async () => ((await createIssue(ended)).status === 401 ? true : undefined));
    expect((await createIssue(other)).body.errors).toBeUndefined();
  });
});
