import { signSessionToken } from '@gitforge/auth';
import { createGateway, type RunningGateway } from '../src/createGateway';
import { issuesModule } from './support/issuesModule';
import { TestSubgraph } from './support/testSubgraph';
import { captureLogger, JWT_SECRET, request } from './support/helpers';

describe('the seed REST API on the gateway', () => {
  const module = issuesModule();
  const issues = new TestSubgraph(module, JWT_SECRET);
  let gw: RunningGateway;
  let alice: Record<string, string>;
  let bob: Record<string, string>;

  beforeAll(async () => {
    await issues.start();
    gw = await createGateway({
      subgraphs: [{ name: 'issues', url: issues.url }],
      jwtSecret: JWT_SECRET,
      logger: captureLogger().logger,
      maxBodyBytes: 8 * 1024,
    });
    alice = { authorization: `Bearer ${await signSessionToken(JWT_SECRET, 'alice')}` };
    bob = { authorization: `Bearer ${await signSessionToken(JWT_SECRET, 'bob')}` };
  });

  afterAll(async () => {
    await gw?.close();
    await issues.dispose();
  });

  const api = (path: string) => `${gw.url}${path}`;

  async function createIssue(title: string, repository = 'alice/demo') {
    const res = await request(api('/api/issues'), {
      body: { title, description: `about ${title}`, repository },
      headers: alice,
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; number: number };
  }

  it('creates an issue with the seed field names, created_by from the token', async () => {
    const before = issues.received.length;
    const res = await request(api('/api/issues'), {
      body: {
        title: 'Crash on push',
        description: 'stack trace attached',
        repository: 'alice/demo',
      },
      headers: { ...alice, 'x-request-id': 'rest-create-1' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      number: 1,
      title: 'Crash on push',
      description: 'stack trace attached',
      status: 'open',
      repository: 'alice/demo',
      created_by: 'alice',
      created_at: expect.any(String),
      updated_at: expect.any(String),
      closed_at: null,
      labels: [],
      comment_count: 0,
    });
    // It went through the gateway to the subgraph as a GraphQL mutation, as the caller.
    const sent = issues.received.slice(before).find((r) => r.query.includes('createIssue'));
    expect(sent?.headers.authorization).toBe(alice.authorization);
    expect(sent?.headers['x-request-id']).toBe('rest-create-1');
    expect(module.issues.find((i) => i.id === res.body.id)?.author).toBe('alice');
  });

  it('lists issues filtered by repository and status', async () => {
    const other = await createIssue('Elsewhere', 'alice/other');
    const open = await createIssue('Still open');
    await request(api(`/api/issues/${open.id}`), {
      method: 'PATCH',
      body: { status: 'closed' },
      headers: alice,
    });

    const all = await request(api('/api/issues?repository=alice/demo'));
    expect(all.status).toBe(200);
    expect(all.body.map((i: { title: string }) => i.title).sort()).toEqual([
      'Crash on push',
      'Still open',
    ]);
    const closed = await request(api('/api/issues?repository=alice/demo&status=closed'));
    expect(closed.body.map((i: { id: string }) => i.id)).toEqual([open.id]);
    expect(closed.body[0].status).toBe('closed');
    expect(closed.body[0].closed_at).toEqual(expect.any(String));
    const otherRepo = await request(api('/api/issues?repository=alice/other&status=open'));
    expect(otherRepo.body.map((i: { id: string }) => i.id)).toEqual([other.id]);
  });

  it('gets one issue and answers 404 NOT_FOUND for a missing one', async () => {
    const created = await createIssue('Fetch me');
    const res = await request(api(`/api/issues/${created.id}`));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: created.id,
      title: 'Fetch me',
      description: 'about Fetch me',
    });
    const missing = await request(api('/api/issues/does-not-exist'));
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
  });

  it('patches title/description via updateIssue and status via close/reopen', async () => {
    const created = await createIssue('Typo');
    const renamed = await request(api(`/api/issues/${created.id}`), {
      method: 'PATCH',
      body: { title: 'Fixed title', description: 'new text', status: 'closed' },
      headers: alice,
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({
      title: 'Fixed title',
      description: 'new text',
      status: 'closed',
    });
    // Repeating the same status is harmless (no closeIssue on a closed issue).
    const again = await request(api(`/api/issues/${created.id}`), {
      method: 'PATCH',
      body: { status: 'closed' },
      headers: alice,
    });
    expect(again.status).toBe(200);
    const reopened = await request(api(`/api/issues/${created.id}`), {
      method: 'PATCH',
      body: { status: 'open' },
      headers: alice,
    });
    expect(reopened.body).toMatchObject({ status: 'open', closed_at: null });
  });

  it('maps GraphQL error codes to HTTP statuses with {error: {code, message, field}}', async () => {
    const created = await createIssue('Guarded');
    const anonymous = await request(api('/api/issues'), {
      body: { title: 'x', repository: 'alice/demo' },
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');

    const forbidden = await request(api(`/api/issues/${created.id}`), {
      method: 'PATCH',
      body: { title: 'hijacked' },
      headers: bob,
    });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('FORBIDDEN');

    const blank = await request(api('/api/issues'), {
      body: { title: '   ', repository: 'alice/demo' },
      headers: alice,
    });
    expect(blank.status).toBe(400);
    expect(blank.body.error).toEqual({
      code: 'BAD_USER_INPUT',
      message: expect.any(String),
      field: 'title',
    });

    const missingField = await request(api('/api/issues'), {
      body: { title: 'no repo' },
      headers: alice,
    });
    expect(missingField.status).toBe(400);
    expect(missingField.body.error.field).toBe('repository');

    const badStatus = await request(api('/api/issues?status=pending'));
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.error.field).toBe('status');

    const badToken = await request(api('/api/issues'), {
      headers: { authorization: 'Bearer junk' },
    });
    expect(badToken.status).toBe(401);
    expect(badToken.body.error.code).toBe('UNAUTHENTICATED');

    const notJson = await request(api('/api/issues'), { body: '{"title":', headers: alice });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('BAD_USER_INPUT');

    const huge = await request(api('/api/issues'), {
      body: { title: 'x'.repeat(20 * 1024), repository: 'alice/demo' },
      headers: alice,
    });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('PAYLOAD_TOO_LARGE');

    const wrongMethod = await request(api('/api/issues'), { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
  });

  it('adds and lists comments under /api/issues/{id}/comments and /api/comments', async () => {
    const created = await createIssue('Discuss');
    const first = await request(api(`/api/issues/${created.id}/comments`), {
      body: { body: 'first!' },
      headers: bob,
    });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      id: expect.any(String),
      issue_id: created.id,
      user: 'bob',
      body: 'first!',
      created_at: expect.any(String),
    });
    const second = await request(api('/api/comments'), {
      body: { issue_id: created.id, body: 'second' },
      headers: alice,
    });
    expect(second.status).toBe(201);
    expect(second.body.user).toBe('alice');

    const viaIssue = await request(api(`/api/issues/${created.id}/comments`));
    expect(viaIssue.body.map((c: { body: string }) => c.body)).toEqual(['first!', 'second']);
    const viaQuery = await request(api(`/api/comments?issue_id=${created.id}`));
    expect(viaQuery.body).toEqual(viaIssue.body);
    const issue = await request(api(`/api/issues/${created.id}`));
    expect(issue.body.comment_count).toBe(2);

    const noIssue = await request(api('/api/comments'));
    expect(noIssue.status).toBe(400);
    expect(noIssue.body.error.field).toBe('issue_id');
    const emptyBody = await request(api('/api/comments'), {
      body: { issue_id: created.id, body: '' },
      headers: alice,
    });
    expect(emptyBody.status).toBe(400);
    expect(emptyBody.body.error.field).toBe('body');
    const unknownIssue = await request(api('/api/issues/nope/comments'), {
      body: { body: 'hello?' },
      headers: alice,
    });
    expect(unknownIssue.status).toBe(404);
  });
});
