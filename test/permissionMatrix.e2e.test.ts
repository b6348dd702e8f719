import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  freePorts,
  gql,
  newDataDir,
  runGit,
  startSupervisor,
  stopSupervisor,
  type RunningSupervisor,
} from './support/platform';
import {
  clone,
  createIssue,
  inParallel,
  push,
  readIssue,
  readRepository,
  runAction,
  type ActionEnv,
  type CellSubject,
  type IssueRef,
  type Observed,
} from './support/matrixActions';
import { connectEvents, waitFor, watchOutcome, type EventConnection } from './support/matrixEvents';
import {
  buildWorld,
  createGrantedRepo,
  GiteaFixtures,
  type Account,
  type World,
} from './support/matrixFixtures';
import {
  allCells,
  renderMarkdown,
  REPO_KINDS,
  repoKindName,
  ROLES,
  type Cell,
  type RepoKind,
  type RoleId,
} from './support/matrixTable';

/**
 * Issue 16's permission matrix over the running system (`npm start`'s supervisor: gateway,
 * subgraphs, githost, git-proxy as processes): every role × action on a user's and an
 * organization's repository, public and private, through GraphQL, the git CLI through the proxy
 * and graphql-ws subscriptions. Expectations come from the contract's level rules
 * (support/matrixTable.ts); every action runs once, in parallel, before the per-cell checks; the
 * matrix as observed is written to test/results/permission-matrix.md.
 */

jest.setTimeout(5 * 60_000);

const DEMO_PASSWORD = 'demo-password-for-permission-matrix';
const RESULTS = resolve(__dirname, 'results', 'permission-matrix.md');
const cells = allCells();
const observed = new Map<string, Observed>();

let supervisor: RunningSupervisor;
let env: ActionEnv;
let world: World;
const connections: EventConnection[] = [];
const work = mkdtempSync(join(tmpdir(), 'gitforge-matrix-'));
const startedAt = Date.now();
/** How long each phase took, for the results file (the runtime is part of the closing note). */
const phases: string[] = [];
let phaseStart = startedAt;
const phaseDone = (name: string) => {
  phases.push(`${name} ${((Date.now() - phaseStart) / 1000).toFixed(1)} s`);
  phaseStart = Date.now();
};

const viewerOf = (role: RoleId): Account | undefined =>
  role === 'anonymous' ? undefined : world.people[role];

/** The issues' author: the owner, except in the owner's own row (the site admin files them). */
function authorFor(role: RoleId, kind: RepoKind): Account {
  const owner = world.ownerPerson(kind.owner);
  return viewerOf(role)?.login === owner.login ? world.people.siteAdmin : owner;
}

async function prepareSubjects(): Promise<Map<string, CellSubject>> {
  const shared = new Map<RepoKind, IssueRef | string>();
  await Promise.all(
    REPO_KINDS.map(async (kind) => {
      const repo = world.repoOf(kind);
      const made = await createIssue(env, repo, 'Shared issue', world.ownerPerson(kind.owner));
      shared.set(kind, made.issue ?? `shared issue: ${made.observed.detail}`);
    }),
  );
  const pairs = REPO_KINDS.flatMap((kind) =>
    ROLES.filter((role) => role.level(kind) !== undefined).map((role) => ({ role, kind })),
  );
  const subjects = await inParallel(pairs, 6, async ({ role, kind }) => {
    const repo = world.repoOf(kind);
    const errors: string[] = [];
    const sharedIssue = shared.get(kind)!;
    if (typeof sharedIssue === 'string') errors.push(sharedIssue);
    const issue = async (what: string) => {
      const made = await createIssue(
        env,
        repo,
        `To ${what} (${role.id})`,
        authorFor(role.id, kind),
      );
      if (!made.issue)
        errors.push(`${what} issue: ${made.observed.outcome} ${made.observed.detail}`);
      return made.issue;
    };
    const name = `del-${role.id}-${kind.visibility}`;
    const throwaway = await createGrantedRepo(env.gitea, world, kind, name).catch((err: Error) => {
      errors.push(`throwaway repository: ${err.message}`);
      return undefined;
    });
    const subject: CellSubject = {
      role: role.id,
      kind,
      repo,
      viewer: viewerOf(role.id),
      shared: typeof sharedIssue === 'string' ? undefined : sharedIssue,
      closeTarget: await issue('close'),
      labelTarget: await issue('label'),
      assignTarget: await issue('assign'),
      throwaway,
      fixtureErrors: errors,
    };
    return [`${role.id}|${repoKindName(kind)}`, subject] as const;
  });
  return new Map(subjects);
}

/**
 * Every role subscribes (one WebSocket each) to each repository it has a row for, from the first
 * event (replayed); then the owner files one issue per repository, which every subscriber that
 * got the replay must also receive live.
 */
async function observeEvents(): Promise<void> {
  const watches = ROLES.flatMap((role) => {
    const connection = connectEvents(env.url, viewerOf(role.id)?.token);
    connections.push(connection);
    return REPO_KINDS.filter((kind) => role.level(kind) !== undefined).map((kind) => ({
      cell: cells.find((c) => c.role === role && c.kind === kind && c.action.id === 'issueEvents')!,
      kind,
      watch: connection.watch(world.repoOf(kind).fullName),
    }));
  });
  const first = await Promise.all(watches.map(({ watch }) => watchOutcome(watch)));
  const live = (kind: RepoKind) => `Live event (${repoKindName(kind)})`;
  for (const kind of REPO_KINDS) {
    await createIssue(env, world.repoOf(kind), live(kind), world.ownerPerson(kind.owner));
  }
  await Promise.all(
    watches.map(async ({ cell, kind, watch }, i) => {
      let outcome = first[i]!;
      if (outcome === 'OK' && !(await waitFor(() => watch.titles().includes(live(kind)), 15_000))) {
        outcome = `replayed, but no live event${watch.ended() ? ` (ended ${watch.errorCode()})` : ''}`;
      }
      if (outcome !== 'OK' && watch.titles().includes(live(kind))) outcome += ', live event leaked';
      observed.set(cell.key, { outcome });
    }),
  );
  for (const connection of connections.splice(0)) await connection.close();
}

beforeAll(async () => {
  const dataDir = newDataDir();
  const ports = await freePorts();
  supervisor = await startSupervisor({
    ...process.env,
    ...ports,
    GITFORGE_DATA_DIR: dataDir,
    DATABASE_URL: process.env.DATABASE_URL,
    GITFORGE_DEMO_PASSWORD: DEMO_PASSWORD,
    ...(process.env.GITFORGE_TEST_EMBEDDED_DB === '1' ? { DATABASE_POOL_MAX: '1' } : {}),
  });
  const gitea = new GiteaFixtures(`http://127.0.0.1:${ports.GITHOST_PORT}`, dataDir);
  const url = supervisor.graphqlUrl;
  phaseDone('platform start');
  world = await buildWorld(gitea, url, { login: 'demo', password: DEMO_PASSWORD });
  env = { url, gitProxy: `http://127.0.0.1:${ports.GIT_PROXY_PORT}`, gitea, world, work };

  const source = join(work, 'source');
  mkdirSync(source);
  for (const args of [['init'], ['commit', '--allow-empty', '-m', 'Pushed by the matrix']]) {
    const run = await runGit(work, args, source);
    if (run.code !== 0) throw new Error(`git ${args[0]}: ${run.out}`);
  }

  phaseDone('users, organization, repositories');
  const subjects = await prepareSubjects();
  phaseDone('issues and throwaway repositories');
  await observeEvents();
  phaseDone('subscriptions');
  const rest = cells.filter((c) => c.action.id !== 'issueEvents');
  await inParallel(rest, 6, async (cell) => {
    const subject = subjects.get(`${cell.role.id}|${repoKindName(cell.kind)}`)!;
    const action = cell.action.id as Exclude<typeof cell.action.id, 'issueEvents'>;
    const seen = await runAction(env, action, subject).catch((err: Error): Observed => ({
      outcome: 'THREW',
      detail: err.message,
    }));
    observed.set(cell.key, seen);
  });
  phaseDone('other cells');
});

afterAll(async () => {
  phaseDone('removal test');
  for (const connection of connections) await connection.close();
  const seconds = Math.round((Date.now() - startedAt) / 1000);
  const title = `Permission matrix (issue 16), run in ${seconds} s (${phases.join(', ')})`;
  const markdown = renderMarkdown(observed, title);
  mkdirSync(resolve(RESULTS, '..'), { recursive: true });
  writeFileSync(RESULTS, `${markdown}\n`);
  process.stdout.write(`\n${markdown}\n`);
  if (supervisor) await stopSupervisor(supervisor);
  rmSync(work, { recursive: true, force: true });
});

describe.each(REPO_KINDS.map((kind) => [repoKindName(kind), kind] as const))(
  'on a %s repository',
  (_name, kind) => {
    const rows = cells.filter((c) => c.kind === kind);
    test.each(rows.map((cell): [string, Cell] => [cell.key, cell]))('%s', (_key, cell) => {
      const seen = observed.get(cell.key) ?? { outcome: 'not run' };
      // What the system said goes with a wrong outcome, into the failure's diff.
      const received =
        seen.outcome === cell.expected
          ? { outcome: seen.outcome }
          : { outcome: seen.outcome, detail: seen.detail };
      expect(received).toEqual({ outcome: cell.expected });
    });
  },
);

test('removing a collaborator cuts off reads, pushes and subscriptions immediately', async () => {
  const alice = world.people.repositoryOwner;
  const cut = world.people.cutOff;
  const created = await env.gitea.must('POST', '/user/repos', alice, {
    name: 'cut-off',
    private: true,
    auto_init: true,
    default_branch: 'main',
  });
  const repo = { owner: alice.login, name: 'cut-off', fullName: created.full_name as string };
  await env.gitea.must('PUT', `/repos/${repo.fullName}/collaborators/${cut.login}`, alice, {
    permission: 'write',
  });
  const first = await createIssue(env, repo, 'Before the removal', alice);
  expect(first.observed).toEqual({ outcome: 'OK' });

  // Everything works, and whatever may be cached is warm.
  const ownerEvents = connectEvents(env.url, alice.token);
  const cutEvents = connectEvents(env.url, cut.token);
  connections.push(ownerEvents, cutEvents);
  const ownerWatch = ownerEvents.watch(repo.fullName);
  const cutWatch = cutEvents.watch(repo.fullName);
  const before = {
    read: (await readRepository(env, repo, cut)).outcome,
    issue: (await readIssue(env, repo, first.issue!.number, cut)).outcome,
    clone: (await clone(env, repo, cut, 'cut-before')).outcome,
    push: (await push(env, repo, cut, 'cut-before', alice)).outcome,
    events: await watchOutcome(cutWatch),
  };
  await waitFor(() => ownerWatch.titles().length > 0, 15_000);

  const removed = await gql<any>(
    env.url,
    `mutation ($i: RemoveCollaboratorInput!) { removeCollaborator(input: $i) { fullName } }`,
    { i: { repository: repo.fullName, login: cut.login } },
    alice.token,
  );
  // No waiting: the very next request of each kind is refused.
  const after = {
    removal: removed.errors?.[0]?.message ?? 'OK',
    read: (await readRepository(env, repo, cut)).outcome,
    issue: (await readIssue(env, repo, first.issue!.number, cut)).outcome,
    push: (await push(env, repo, cut, 'cut-after', alice)).outcome,
    clone: (await clone(env, repo, cut, 'cut-after')).outcome,
  };
  // The open subscription ends with an error, and gets nothing committed after the removal.
  const ended = await waitFor(() => cutWatch.ended(), 10_000);
  const later = await createIssue(env, repo, 'After the removal', alice);
  const ownerGotLater = await waitFor(
    () => ownerWatch.titles().includes('After the removal'),
    15_000,
  );
  const subscription = {
    ended,
    error: cutWatch.errorCode(),
    gotLater: cutWatch.titles().includes('After the removal'),
  };

  // One comparison, so that a failure shows every step.
  expect({ before, after, subscription, later: later.observed.outcome, ownerGotLater }).toEqual({
    before: { read: 'WRITE', issue: 'OK', clone: 'OK', push: 'OK', events: 'OK' },
    after: {
      removal: 'OK',
      read: 'NOT_FOUND',
      issue: 'NOT_FOUND',
      push: 'REFUSED',
      clone: 'REFUSED',
    },
    subscription: {
      ended: true,
      error: expect.stringMatching(/^(NOT_FOUND|FORBIDDEN)$/),
      gotLater: false,
    },
    later: 'OK',
    ownerGotLater: true,
  });
});
