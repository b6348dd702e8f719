import { join } from 'node:path';
import { gql, runGit } from './platform';
import type { Account, GiteaFixtures, RepoRef, World } from './matrixFixtures';
import type { ActionId, RepoKind, RoleId } from './matrixTable';

/**
 * Each action of the matrix done for real by one role on one repository, reduced to what the
 * cell compares: OK, a GraphQL error code, the viewerPermission read, or REFUSED for git. What
 * the system answered besides (an error message, an unexpected state) goes in `detail`.
 */

export interface Observed {
  outcome: string;
  detail?: string;
}

export interface IssueRef {
  id: string;
  number: number;
}

/** Everything a cell's action needs, prepared before the actions run. */
export interface CellSubject {
  role: RoleId;
  kind: RepoKind;
  repo: RepoRef;
  /** The viewer's account; undefined for anonymous. */
  viewer?: Account;
  /** An issue of the owner's that every role reads and comments on. */
  shared?: IssueRef;
  /** Someone else's issues, one per mutating action of this cell's row. */
  closeTarget?: IssueRef;
  labelTarget?: IssueRef;
  assignTarget?: IssueRef;
  /** A repository with the same owner, visibility and grants, for this role to delete. */
  throwaway?: RepoRef;
  /** Why a fixture above is missing (its creation failed). */
  fixtureErrors: string[];
}

const noFixture = (s: CellSubject): Observed => ({
  outcome: 'NO FIXTURE',
  detail: s.fixtureErrors.join('; '),
});

export interface ActionEnv {
  url: string;
  gitProxy: string;
  gitea: GiteaFixtures;
  world: World;
  /** Scratch directory (HOME for git) holding `source`, a repository with one commit. */
  work: string;
}

type GqlResult = Awaited<ReturnType<typeof gql<any>>>;

/** OK when there is no error and `ok(data)` holds; else the first error's code. */
function answer(result: GqlResult, ok: (data: any) => boolean): Observed {
  const error = result.errors?.[0];
  if (error) {
    const code = error.extensions?.code;
    return { outcome: typeof code === 'string' ? code : 'ERROR', detail: error.message };
  }
  return ok(result.data)
    ? { outcome: 'OK' }
    : { outcome: 'UNEXPECTED DATA', detail: JSON.stringify(result.data) };
}

export const gitUrl = (env: ActionEnv, repo: RepoRef, viewer?: Account): string => {
  const url = new URL(`${env.gitProxy}/git/${repo.fullName}.git`);
  if (viewer) {
    url.username = viewer.login;
    url.password = viewer.token;
  }
  return url.toString();
};

export async function clone(
  env: ActionEnv,
  repo: RepoRef,
  viewer: Account | undefined,
  dir: string,
) {
  const run = await runGit(env.work, ['clone', gitUrl(env, repo, viewer), join(env.work, dir)]);
  return run.code === 0
    ? { outcome: 'OK' }
    : { outcome: 'REFUSED', detail: run.out.trim().split('\n').slice(-2).join(' ') };
}

/** Pushes `source`'s commit to a new branch; the branch must exist exactly when git says OK. */
export async function push(
  env: ActionEnv,
  repo: RepoRef,
  viewer: Account | undefined,
  branch: string,
  asOwner: Account,
): Promise<Observed> {
  const run = await runGit(
    env.work,
    ['push', gitUrl(env, repo, viewer), `HEAD:refs/heads/${branch}`],
    join(env.work, 'source'),
  );
  const landed = await env.gitea.branchExists(repo, branch, asOwner);
  const said = run.out.trim().split('\n').slice(-2).join(' ');
  if (run.code === 0 && landed) return { outcome: 'OK' };
  if (run.code !== 0 && !landed) return { outcome: 'REFUSED', detail: said };
  return { outcome: `git exit ${run.code}, branch ${landed ? 'written' : 'absent'}`, detail: said };
}

const READ_REPOSITORY = `query ($o: String!, $n: String!) {
  repository(owner: $o, name: $n) { fullName viewerPermission }
}`;
const READ_ISSUE = `query ($r: String!, $n: Int!) { issue(repository: $r, number: $n) { number } }`;
const CREATE_ISSUE = `mutation ($i: CreateIssueInput!) { createIssue(input: $i) { id number } }`;
const ADD_COMMENT = `mutation ($i: AddCommentInput!) { addComment(input: $i) { id } }`;
const CLOSE_ISSUE = `mutation ($i: CloseIssueInput!) { closeIssue(input: $i) { state } }`;
const LABEL_ISSUE = `mutation ($i: UpdateIssueInput!) { updateIssue(input: $i) { labels { name } } }`;
const ASSIGN_ISSUE = `mutation ($i: AssignIssueInput!) { assignIssue(input: $i) { assignees { login } } }`;
const DELETE_REPOSITORY = `mutation ($i: DeleteRepositoryInput!) { deleteRepository(input: $i) { fullName } }`;
const ADD_COLLABORATOR = `mutation ($i: AddCollaboratorInput!) { addCollaborator(input: $i) { fullName } }`;

export async function readRepository(env: ActionEnv, repo: RepoRef, viewer?: Account) {
  const result = await gql<any>(
    env.url,
    READ_REPOSITORY,
    { o: repo.owner, n: repo.name },
    viewer?.token,
  );
  const seen = result.data?.repository;
  if (result.errors?.length || !seen) return answer(result, () => false);
  return { outcome: String(seen.viewerPermission) };
}

export async function readIssue(env: ActionEnv, repo: RepoRef, number: number, viewer?: Account) {
  const result = await gql<any>(
    env.url,
    READ_ISSUE,
    { r: repo.fullName, n: number },
    viewer?.token,
  );
  return answer(result, (d) => d?.issue?.number === number);
}

/** An issue by `author` (fixtures use it too: it is GitForge's only way to file one). */
export async function createIssue(
  env: ActionEnv,
  repo: RepoRef,
  title: string,
  author?: Account,
): Promise<{ observed: Observed; issue?: IssueRef }> {
  const result = await gql<any>(
    env.url,
    CREATE_ISSUE,
    { i: { repository: repo.fullName, title } },
    author?.token,
  );
  const issue = result.data?.createIssue as IssueRef | undefined;
  return { observed: answer(result, (d) => Boolean(d?.createIssue?.id)), issue };
}

/** Runs `action` for one cell. */
export async function runAction(
  env: ActionEnv,
  action: Exclude<ActionId, 'issueEvents'>,
  s: CellSubject,
): Promise<Observed> {
  const token = s.viewer?.token;
  const owner = env.world.ownerPerson(s.kind.owner);
  const tag = `${s.role} ${s.kind.owner} ${s.kind.visibility}`;
  switch (action) {
    case 'readRepository':
      return readRepository(env, s.repo, s.viewer);
    case 'readIssue':
      return s.shared ? readIssue(env, s.repo, s.shared.number, s.viewer) : noFixture(s);
    case 'openIssue':
      return (await createIssue(env, s.repo, `Opened by ${tag}`, s.viewer)).observed;
    case 'comment': {
      if (!s.shared) return noFixture(s);
      const input = { issueId: s.shared.id, body: `Comment by ${tag}` };
      const result = await gql<any>(env.url, ADD_COMMENT, { i: input }, token);
      return answer(result, (d) => Boolean(d?.addComment?.id));
    }
    case 'closeOthersIssue': {
      if (!s.closeTarget) return noFixture(s);
      const result = await gql<any>(env.url, CLOSE_ISSUE, { i: { id: s.closeTarget.id } }, token);
      return answer(result, (d) => d?.closeIssue?.state === 'CLOSED');
    }
    case 'label': {
      if (!s.labelTarget) return noFixture(s);
      const input = { id: s.labelTarget.id, labels: ['matrix'] };
      const result = await gql<any>(env.url, LABEL_ISSUE, { i: input }, token);
      return answer(result, (d) =>
        (d?.updateIssue?.labels ?? []).some((l: { name: string }) => l.name === 'matrix'),
      );
    }
    case 'assign': {
      if (!s.assignTarget) return noFixture(s);
      const input = { id: s.assignTarget.id, login: owner.login };
      const result = await gql<any>(env.url, ASSIGN_ISSUE, { i: input }, token);
      return answer(result, (d) =>
        (d?.assignIssue?.assignees ?? []).some((u: { login: string }) => u.login === owner.login),
      );
    }
    case 'clone':
      return clone(env, s.repo, s.viewer, `clone-${s.role}-${s.kind.owner}-${s.kind.visibility}`);
    case 'push':
      return push(env, s.repo, s.viewer, `pushed-by-${s.role}`, owner);
    case 'deleteRepository': {
      if (!s.throwaway) return noFixture(s);
      const input = { owner: s.throwaway.owner, name: s.throwaway.name };
      const result = await gql<any>(env.url, DELETE_REPOSITORY, { i: input }, token);
      const observed = answer(result, (d) => Boolean(d?.deleteRepository));
      const exists = await env.gitea.exists(s.throwaway, owner);
      if ((observed.outcome === 'OK') === exists) {
        return { outcome: `${observed.outcome}, repository ${exists ? 'kept' : 'deleted'}` };
      }
      return observed;
    }
    case 'addCollaborator': {
      const login = env.world.people.newcomer.login;
      const input = { repository: s.repo.fullName, login, permission: 'READ' };
      const result = await gql<any>(env.url, ADD_COLLABORATOR, { i: input }, token);
      const observed = answer(result, (d) => Boolean(d?.addCollaborator));
      if (observed.outcome === 'OK' && !(await env.gitea.isCollaborator(s.repo, login, owner))) {
        return { outcome: 'OK, but not a collaborator in Gitea' };
      }
      return observed;
    }
  }
}

/** Runs `fn` over `items`, at most `limit` at a time; results in item order. */
export async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
