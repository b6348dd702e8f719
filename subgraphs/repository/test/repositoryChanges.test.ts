import { repositoryChangeSchema as consumerSchema } from '../../issues/src/permissions/repositoryChanges';
import { createServer } from 'node:net';
import { changeOfWebhook, repositoryChangeSchema } from '../src/webhooks/repositoryChanges';
import { startRepository } from './startRepository';

/*
 * The repository change message between this subgraph (producer) and the issues subgraph
 * (consumer): what a Gitea webhook turns into, and that the consumer accepts every message the
 * producer makes (and rejects what it does not make).
 */

const at = new Date('2026-12-07T10:00:00.000Z');
const repository = { full_name: 'alice/tools', private: true, owner: { login: 'alice' } };

describe('changeOfWebhook', () => {
  it('a repository event with action deleted is a deletion', () => {
    expect(changeOfWebhook('repository', { action: 'deleted', repository }, at)).toEqual({
      action: 'deleted',
      repository: 'alice/tools',
      at: at.toISOString(),
    });
  });

  it.each(['push', 'create', 'delete', 'repository'])(
    'any other %s event states the current owner and visibility',
    (event) => {
      expect(changeOfWebhook(event, { action: 'created', repository }, at)).toEqual({
        action: 'updated',
        repository: 'alice/tools',
        owner: 'alice',
        private: true,
        at: at.toISOString(),
      });
    },
  );

  it.each([
    ['no repository', { ref: 'refs/heads/main' }],
    ['no visibility', { repository: { full_name: 'alice/tools', owner: { login: 'alice' } } }],
    ['not an object', 'deleted'],
  ])('a payload with %s makes no change', (_what, payload) => {
    expect(changeOfWebhook('repository', payload, at)).toBeUndefined();
  });
});

describe('the message contract', () => {
  it.each(['push', 'repository'])(
    'the issues subgraph accepts what a %s webhook makes',
    (event) => {
      for (const action of ['deleted', 'created']) {
        const change = changeOfWebhook(event, { action, repository }, at)!;
        expect(repositoryChangeSchema.safeParse(change).success).toBe(true);
        const consumed = consumerSchema.parse(change);
        expect(consumed.repository).toBe('alice/tools');
        expect(consumed.at).toEqual(at);
      }
    },
  );

  it.each([
    ['no time', { action: 'deleted', repository: 'alice/tools' }],
    ['a bad name', { action: 'deleted', repository: "alice/x'; drop", at: at.toISOString() }],
    ['an unknown action', { action: 'renamed', repository: 'alice/tools', at: at.toISOString() }],
    [
      'no visibility',
      { action: 'updated', repository: 'alice/tools', owner: 'alice', at: at.toISOString() },
    ],
  ])('both sides refuse a message with %s', (_what, message) => {
    expect(repositoryChangeSchema.safeParse(message).success).toBe(false);
    expect(consumerSchema.safeParse(message).success).toBe(false);
  });
});

it('the subgraph starts while the bus (Redis) is unreachable', async () => {
  const closedPort = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
  const repository = await startRepository('http://127.0.0.1:9', {
    redisUrl: `redis://127.0.0.1:${closedPort}`,
  });
  try {
    const res = await fetch(`${repository.server.url}/health/live`);
    expect(res.status).toBe(200);
  } finally {
    await repository.close();
  }
}, 20_000);
