import { changeOfWebhook } from '../src/webhooks/repositoryChanges';
import { signGiteaPayload } from '../src/webhooks/giteaWebhook';
import { verifySessionToken } from '@gitforge/auth';
import { eventually } from './helpers';
import { JWT_SECRET, WEBHOOK_SECRET, startRepository } from './startRepository';
import {
  ADD_COLLABORATOR,
  REMOVE_COLLABORATOR,
  ROLES,
  buildOrgWorld,
  codeOf,
  levelOf,
  type OrgWorld,
  type Role,
} from './orgWorld';

/*
 * Collaborators, assignees, deletion and creation in organizations (issue 16) against githost:
 * each role, removal effective at once on both replicas, changes announced before returning.
 */

let w: OrgWorld;

beforeAll(async () => {
  w = await buildOrgWorld();
}, 60_000);

afterAll(async () => {
  await w?.close();
});

const COLLABORATORS = `query($o: String!, $n: String!, $f: Int, $a: String) { repository(owner: $o, name: $n) {
  collaborators(first: $f, after: $a) { totalCount pageInfo { hasNextPage endCursor } edges { cursor permission node { login } } }
} }`;
const ASSIGNABLE = `query($o: String!, $n: String!, $f: Int, $a: String) { repository(owner: $o, name: $n) {
  assignableUsers(first: $f, after: $a) { totalCount pageInfo { hasNextPage endCursor } nodes { login } }
} }`;

const edges = (data: any) =>
  data.repository.collaborators.edges.map((e: any) => [e.node.login, e.permission]);

describe('Repository.collaborators', () => {
  it.each(ROLES)('%s', async (role) => {
    const res = await w.as(role, COLLABORATORS, { o: 'acme', n: 'app' });
    if (role === 'anonymous' || role === 'outsider') {
      expect(codeOf(res)).toBe('NOT_FOUND');
      return;
    }
    expect(res.errors).toBeUndefined();
    // Replica a has GITEA_ADMIN_TOKEN: every reader gets each collaborator's true level.
    expect(edges(res.data)).toEqual([
      ['carol', 'READ'],
      ['dave', 'WRITE'],
      ['erin', 'ADMIN'],
    ]);
    expect(res.data.repository.collaborators.totalCount).toBe(3);
  });

  it('without an admin token: exact levels for ADMINs, never more than true for others', async () => {
    const args = { o: 'acme', n: 'app' };
    const admin = await w.as('admin', COLLABORATORS, args, 'b');
    expect(edges(admin.data)).toEqual([
      ['carol', 'READ'],
      ['dave', 'WRITE'],
      ['erin', 'ADMIN'],
    ]);
    const reader = await w.as('reader', COLLABORATORS, args, 'b');
    expect(edges(reader.data)).toEqual([
      ['carol', 'READ'],
      ['dave', 'WRITE'],
      ['erin', 'WRITE'],
    ]);
  });

  it('pages; anonymous callers of a public repository are UNAUTHENTICATED', async () => {
    const first = await w.ok('owner', COLLABORATORS, { o: 'acme', n: 'app', f: 2 });
    expect(edges(first)).toEqual([
      ['carol', 'READ'],
      ['dave', 'WRITE'],
    ]);
    const after = first.repository.collaborators.pageInfo.endCursor;
    const rest = await w.ok('owner', COLLABORATORS, { o: 'acme', n: 'app', f: 2, a: after });
    expect(edges(rest)).toEqual([['erin', 'ADMIN']]);
    expect(rest.repository.collaborators.pageInfo.hasNextPage).toBe(false);
    const site = await w.ok('outsider', COLLABORATORS, { o: 'acme', n: 'site' });
    expect(edges(site)).toEqual([]);
    expect(codeOf(await w.as('anonymous', COLLABORATORS, { o: 'acme', n: 'site' }))).toBe(
      'UNAUTHENTICATED',
    );
    expect(codeOf(await w.as('owner', COLLABORATORS, { o: 'acme', n: 'app', f: 0 }))).toBe(
      'BAD_USER_INPUT',
    );
  });
});

describe('collaborator levels under a small bulkhead', () => {
  it('a page of many collaborators asks Gitea a few at a time, never RATE_LIMITED', async () => {
    const logins = Array.from({ length: 12 }, (_, i) => `crowd${i}`);
    await w.ok(
      'owner',
      `mutation { createRepository(input: { name: "crowded", owner: "acme", private: true }) { name } }`,
    );
    for (const login of logins) {
      await w.user(login, false);
      await w.ok('owner', ADD_COLLABORATOR, {
        i: { repository: 'acme/crowded', login, permission: 'WRITE' },
      });
    }
    // Two calls at once and two queued per process: 12 calls at once would be refused.
    const small = await startRepository(w.proxy.url, {
      giteaBulkhead: { maxConcurrent: 2, maxQueued: 2 },
    });
    try {
      const res = await small.gql(
        COLLABORATORS,
        { o: 'acme', n: 'crowded', f: 20 },
        { token: w.token('owner') },
      );
      expect(res.errors).toBeUndefined();
      expect(edges(res.data).sort()).toEqual(logins.map((login) => [login, 'WRITE']).sort());
    } finally {
      await small.close();
    }
  });
});

describe('Repository.assignableUsers', () => {
  it.each(ROLES)('%s', async (role) => {
    const res = await w.as(role, ASSIGNABLE, { o: 'acme', n: 'app' });
    if (role === 'anonymous' || role === 'outsider') {
      expect(codeOf(res)).toBe('NOT_FOUND');
      return;
    }
    expect(res.data.repository.assignableUsers.nodes.map((u: any) => u.login)).toEqual([
      'alice',
      'dave',
      'erin',
      'frank',
    ]);
  });

  it('pages the list; a public repository answers everyone', async () => {
    const page = await w.ok('reader', ASSIGNABLE, { o: 'acme', n: 'app', f: 3 });
    expect(page.repository.assignableUsers).toMatchObject({
      totalCount: 4,
      pageInfo: { hasNextPage: true },
    });
    const cursor = page.repository.assignableUsers.pageInfo.endCursor;
    const rest = await w.ok('reader', ASSIGNABLE, { o: 'acme', n: 'app', f: 3, a: cursor });
    expect(rest.repository.assignableUsers.nodes).toEqual([{ login: 'frank' }]);
    const site = await w.ok('anonymous', ASSIGNABLE, { o: 'acme', n: 'site' });
    expect(site.repository.assignableUsers.nodes).toEqual([{ login: 'alice' }]);
    const bad = await w.as('reader', ASSIGNABLE, { o: 'acme', n: 'app', a: 'nope' });
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
  });
});

describe('addCollaborator / removeCollaborator', () => {
  const input = (login: string, permission = 'READ') => ({
    i: { repository: 'acme/app', login, permission },
  });

  it('only ADMINs of the repository; NOT_FOUND for those who cannot see it', async () => {
    const expected: [Role, string | undefined][] = [
      ['anonymous', 'UNAUTHENTICATED'],
      ['outsider', 'NOT_FOUND'],
      ['reader', 'FORBIDDEN'],
      ['writer', 'FORBIDDEN'],
      ['teamWriter', 'FORBIDDEN'],
      ['teamReader', 'FORBIDDEN'],
      ['admin', undefined],
      ['owner', undefined],
      ['siteAdmin', undefined],
    ];
    for (const [role, code] of expected) {
      const added = await w.as(role, ADD_COLLABORATOR, input('bob'));
      const removed = await w.as(role, REMOVE_COLLABORATOR, {
        i: { repository: 'acme/app', login: 'bob' },
      });
      expect({ role, add: codeOf(added), remove: codeOf(removed) }).toEqual({
        role,
        add: code,
        remove: code,
      });
    }
    expect(await levelOf(w, 'outsider', 'acme/app')).toBe('hidden');
  });

  it('refuses bad input', async () => {
    const bad = [
      input('bob', 'NONE'),
      input('-bad-'),
      input('nobody'),
      input('acme'),
      { i: { repository: 'app', login: 'bob', permission: 'READ' } },
      { i: { repository: 'acme/a b', login: 'bob', permission: 'READ' } },
    ];
    for (const variables of bad) {
      const res = await w.as('owner', ADD_COLLABORATOR, variables);
      expect({ variables, code: codeOf(res) }).toEqual({ variables, code: 'BAD_USER_INPUT' });
    }
    const missing = { i: { repository: 'acme/nothing', login: 'bob', permission: 'READ' } };
    expect(codeOf(await w.as('owner', ADD_COLLABORATOR, missing))).toBe('NOT_FOUND');
  });

  it('a level change and a removal take effect at once on every replica, announced first', async () => {
    const before = w.published.length;
    const added = await w.ok('admin', ADD_COLLABORATOR, input('bob', 'WRITE'));
    expect(added.addCollaborator).toEqual({ fullName: 'acme/app', viewerPermission: 'ADMIN' });
    expect(w.published.slice(before)).toEqual([
      expect.objectContaining({
        action: 'updated',
        repository: 'acme/app',
        owner: 'acme',
        private: true,
      }),
    ]);
    // Both replicas now cache bob's answer: each change below must drop it at once.
    expect(await levelOf(w, 'outsider', 'acme/app', 'a')).toBe('WRITE');
    expect(await levelOf(w, 'outsider', 'acme/app', 'b')).toBe('WRITE');
    expect(w.b.server.cache.repository('bob', 'acme/app')).toBeDefined();
    await w.ok('admin', ADD_COLLABORATOR, input('bob', 'ADMIN'));
    expect(await levelOf(w, 'outsider', 'acme/app', 'a')).toBe('ADMIN');
    expect(await levelOf(w, 'outsider', 'acme/app', 'b')).toBe('ADMIN');
    const mid = w.published.length;
    const removed = await w.ok('admin', REMOVE_COLLABORATOR, {
      i: { repository: 'acme/app', login: 'bob' },
    });
    expect(removed.removeCollaborator.viewerPermission).toBe('ADMIN');
    expect(w.published.slice(mid).map((c) => [c.action, c.repository])).toEqual([
      ['updated', 'acme/app'],
    ]);
    expect(await levelOf(w, 'outsider', 'acme/app', 'a')).toBe('hidden');
    expect(await levelOf(w, 'outsider', 'acme/app', 'b')).toBe('hidden');
    const list = await w.ok('outsider', `{ repositories(owner: "acme") { nodes { fullName } } }`);
    expect(list.repositories.nodes).toEqual([{ fullName: 'acme/site' }]);
  });

  it('an ADMIN collaborator removing themself gets the repository back at NONE', async () => {
    const zed = await w.user('zed');
    await w.ok('owner', ADD_COLLABORATOR, input('zed', 'ADMIN'));
    const res = await w.a.gql(
      REMOVE_COLLABORATOR,
      { i: { repository: 'acme/app', login: 'zed' } },
      { token: zed },
    );
    expect(res.data.removeCollaborator).toEqual({ fullName: 'acme/app', viewerPermission: 'NONE' });
    const after = await w.a.gql(`{ repository(owner: "acme", name: "app") { name } }`, undefined, {
      token: zed,
    });
    expect(codeOf(after)).toBe('NOT_FOUND');
  });
});

describe('deleteRepository', () => {
  const CREATE = `mutation($n: String!) { createRepository(input: { name: $n, owner: "acme", private: true }) { fullName } }`;
  const DELETE = `mutation($n: String!) { deleteRepository(input: { owner: "acme", name: $n }) { fullName } }`;

  it('ADMIN only; an ADMIN collaborator deletes through GITEA_ADMIN_TOKEN, else Gitea refuses', async () => {
    await w.ok('owner', CREATE, { n: 'doomed' });
    await w.ok('owner', ADD_COLLABORATOR, {
      i: { repository: 'acme/doomed', login: 'erin', permission: 'ADMIN' },
    });
    await w.ok('owner', ADD_COLLABORATOR, {
      i: { repository: 'acme/doomed', login: 'dave', permission: 'WRITE' },
    });
    const refused: [Role, string][] = [
      ['anonymous', 'UNAUTHENTICATED'],
      ['outsider', 'NOT_FOUND'],
      ['reader', 'NOT_FOUND'],
      ['writer', 'FORBIDDEN'],
      ['teamWriter', 'NOT_FOUND'],
      ['teamReader', 'FORBIDDEN'],
    ];
    for (const [role, code] of refused) {
      expect({ role, code: codeOf(await w.as(role, DELETE, { n: 'doomed' })) }).toEqual({
        role,
        code,
      });
    }
    // Replica b has no admin token: Gitea lets only owners delete.
    expect(codeOf(await w.as('admin', DELETE, { n: 'doomed' }, 'b'))).toBe('FORBIDDEN');
    const before = w.published.length;
    const deleted = await w.ok('admin', DELETE, { n: 'doomed' });
    expect(deleted.deleteRepository).toEqual({ fullName: 'acme/doomed' });
    expect(w.published.slice(before)).toEqual([
      expect.objectContaining({ action: 'deleted', repository: 'acme/doomed' }),
    ]);
    expect(await levelOf(w, 'owner', 'acme/doomed')).toBe('hidden');
    for (const role of ['owner', 'siteAdmin'] as const) {
      await w.ok('owner', CREATE, { n: `doomed-${role}` });
      const res = await w.as(role, DELETE, { n: `doomed-${role}` }, 'b');
      expect({ role, res: res.data?.deleteRepository }).toEqual({
        role,
        res: { fullName: `acme/doomed-${role}` },
      });
    }
  });
});

describe('createRepository with an owner', () => {
  const CREATE = `mutation($i: CreateRepositoryInput!) { createRepository(input: $i) { fullName owner { login } private viewerPermission } }`;

  it('in an organization the viewer may create in; FORBIDDEN, NOT_FOUND, BAD_USER_INPUT otherwise', async () => {
    const made = await w.ok('siteAdmin', CREATE, { i: { name: 'by-admin', owner: 'acme' } });
    expect(made.createRepository).toEqual({
      fullName: 'acme/by-admin',
      owner: { login: 'acme' },
      private: false,
      viewerPermission: 'ADMIN',
    });
    const mine = await w.ok('outsider', CREATE, { i: { name: 'own', owner: 'bob' } });
    expect(mine.createRepository.fullName).toBe('bob/own');
    const cases: [Role, string, string][] = [
      ['anonymous', 'acme', 'UNAUTHENTICATED'],
      ['outsider', 'acme', 'FORBIDDEN'],
      ['reader', 'acme', 'FORBIDDEN'],
      ['writer', 'acme', 'FORBIDDEN'],
      ['admin', 'acme', 'FORBIDDEN'],
      ['teamWriter', 'acme', 'FORBIDDEN'],
      ['teamReader', 'acme', 'FORBIDDEN'],
      ['owner', 'bob', 'FORBIDDEN'],
      ['owner', 'nothing', 'NOT_FOUND'],
      ['owner', '-bad-', 'BAD_USER_INPUT'],
      ['owner', 'acme', 'CONFLICT'],
    ];
    for (const [role, owner, code] of cases) {
      const res = await w.as(role, CREATE, { i: { name: 'app', owner } });
      expect({ role, owner, code: codeOf(res) }).toEqual({ role, owner, code });
    }
  });
});

describe('access webhooks from Gitea', () => {
  it('turns githost’s collaborator and team events into updated changes', async () => {
    const payload = {
      action: 'collaborator_removed',
      repository: { full_name: 'acme/app', private: true, owner: { login: 'acme' } },
      member: { login: 'bob' },
    };
    expect(changeOfWebhook('repository', payload)).toMatchObject({
      action: 'updated',
      repository: 'acme/app',
      private: true,
    });
    // A cached answer is dropped when the signed webhook arrives.
    expect(await levelOf(w, 'reader', 'acme/app')).toBe('READ');
    expect(w.a.server.cache.repository('carol', 'acme/app')).toBeDefined();
    const body = JSON.stringify({ ...payload, action: 'team_member_removed' });
    const before = w.published.length;
    const res = await fetch(`${w.a.server.url}/webhooks/gitea`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-gitea-event': 'repository',
        'x-gitea-signature': signGiteaPayload(WEBHOOK_SECRET, body),
      },
      body,
    });
    expect(res.status).toBe(200);
    expect(w.a.server.cache.repository('carol', 'acme/app')).toBeUndefined();
    expect(w.published.slice(before)).toEqual([
      expect.objectContaining({ action: 'updated', repository: 'acme/app' }),
    ]);
  });

  it('a change made in Gitea directly reaches the subgraph as githost’s webhook', async () => {
    await w.ok(
      'owner',
      `mutation { createRepository(input: { name: "hooked", owner: "acme", private: true }) { name } }`,
    );
    const alice = (await verifySessionToken(JWT_SECRET, w.token('owner')!)).upstreamToken!;
    const gitea = (method: string, path: string, body?: unknown) =>
      fetch(`${w.githost.url}/api/v1/repos/acme/hooked${path}`, {
        method,
        headers: { authorization: `token ${alice}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const hook = await gitea('POST', '/hooks', {
      type: 'gitea',
      active: true,
      events: ['repository'],
      config: {
        url: `${w.a.server.url}/webhooks/gitea`,
        content_type: 'json',
        secret: WEBHOOK_SECRET,
      },
    });
    expect(hook.status).toBe(201);
    expect((await gitea('PUT', '/collaborators/bob', { permission: 'read' })).status).toBe(204);
    await eventually(() =>
      w.published.some((c) => c.action === 'updated' && c.repository === 'acme/hooked'),
    );
    expect(await levelOf(w, 'outsider', 'acme/hooked')).toBe('READ');
    expect(w.a.server.cache.repository('bob', 'acme/hooked')).toBeDefined();
    const before = w.published.length;
    expect((await gitea('DELETE', '/collaborators/bob')).status).toBe(204);
    await eventually(() =>
      w.published
        .slice(before)
        .some((c) => c.action === 'updated' && c.repository === 'acme/hooked'),
    );
    expect(w.a.server.cache.repository('bob', 'acme/hooked')).toBeUndefined();
    expect(await levelOf(w, 'outsider', 'acme/hooked')).toBe('hidden');
  });

  it('made only spec operations with valid requests and accepted only valid answers', () => {
    expect(w.proxy.errors).toEqual([]);
  });
});
