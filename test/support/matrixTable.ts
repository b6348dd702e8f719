/**
 * The permission matrix of issue 16 as data: who each role is on each kind of repository (its
 * level, from the contract's level rules), and what each action must answer at each level. The
 * test generates one case per cell from these tables and prints them as markdown.
 */

export type Level = 'NONE' | 'READ' | 'WRITE' | 'ADMIN';
const ORDER: Level[] = ['NONE', 'READ', 'WRITE', 'ADMIN'];
export const atLeast = (level: Level, min: Level) => ORDER.indexOf(level) >= ORDER.indexOf(min);

export type OwnerKind = 'user' | 'org';
export type Visibility = 'public' | 'private';

/** The four shared repositories: a user's and an organization's, public and private. */
export interface RepoKind {
  owner: OwnerKind;
  visibility: Visibility;
}
export const REPO_KINDS: RepoKind[] = [
  { owner: 'user', visibility: 'public' },
  { owner: 'user', visibility: 'private' },
  { owner: 'org', visibility: 'public' },
  { owner: 'org', visibility: 'private' },
];
export const repoKindName = (k: RepoKind) => `${k.owner} ${k.visibility}`;

export type RoleId =
  | 'anonymous'
  | 'outsider'
  | 'readCollaborator'
  | 'writeCollaborator'
  | 'adminCollaborator'
  | 'readTeamMember'
  | 'writeTeamMember'
  | 'adminTeamMember'
  | 'organizationOwner'
  | 'repositoryOwner'
  | 'siteAdmin';

export interface Role {
  id: RoleId;
  label: string;
  /** The level on a repository of this kind; undefined: the role does not exist there. */
  level(kind: RepoKind): Level | undefined;
}

/** Public repositories: everyone reads (anonymous only views; see the action rules). */
const visitor = (kind: RepoKind): Level => (kind.visibility === 'public' ? 'READ' : 'NONE');
const everywhere = (level: Level) => () => level;
const onOrgRepos = (level: Level) => (kind: RepoKind) => (kind.owner === 'org' ? level : undefined);

export const ROLES: Role[] = [
  { id: 'anonymous', label: 'anonymous', level: visitor },
  { id: 'outsider', label: 'signed-in outsider', level: visitor },
  { id: 'readCollaborator', label: 'READ collaborator', level: everywhere('READ') },
  { id: 'writeCollaborator', label: 'WRITE collaborator', level: everywhere('WRITE') },
  { id: 'adminCollaborator', label: 'ADMIN collaborator', level: everywhere('ADMIN') },
  { id: 'readTeamMember', label: 'org member, READ team', level: onOrgRepos('READ') },
  { id: 'writeTeamMember', label: 'org member, WRITE team', level: onOrgRepos('WRITE') },
  { id: 'adminTeamMember', label: 'org member, ADMIN team', level: onOrgRepos('ADMIN') },
  { id: 'organizationOwner', label: 'organization owner', level: onOrgRepos('ADMIN') },
  {
    id: 'repositoryOwner',
    label: 'repository owner (user)',
    level: (kind) => (kind.owner === 'user' ? 'ADMIN' : undefined),
  },
  { id: 'siteAdmin', label: 'site admin', level: everywhere('ADMIN') },
];

/**
 * What a cell answers: the viewerPermission read, OK, a GraphQL error code (FORBIDDEN: may see
 * the thing but not do this; NOT_FOUND: may not see it; UNAUTHENTICATED: anonymous mutation),
 * or REFUSED for a git command the proxy turned down.
 */
export type Outcome = Level | 'OK' | 'NOT_FOUND' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'REFUSED';

export type ActionId =
  | 'readRepository'
  | 'readIssue'
  | 'openIssue'
  | 'comment'
  | 'closeOthersIssue'
  | 'label'
  | 'assign'
  | 'clone'
  | 'push'
  | 'deleteRepository'
  | 'addCollaborator'
  | 'issueEvents';

export interface Action {
  id: ActionId;
  label: string;
  expected(level: Level, signedIn: boolean): Outcome;
}

/** A read: hidden (NOT_FOUND) below READ. */
const read =
  (ok: Outcome = 'OK') =>
  (level: Level): Outcome =>
    level === 'NONE' ? 'NOT_FOUND' : ok;

/** A mutation needing `min`: anonymous must sign in; hidden below READ; FORBIDDEN below `min`. */
const mutation =
  (min: Level) =>
  (level: Level, signedIn: boolean): Outcome => {
    if (!signedIn) return 'UNAUTHENTICATED';
    if (level === 'NONE') return 'NOT_FOUND';
    return atLeast(level, min) ? 'OK' : 'FORBIDDEN';
  };

/** A git command through git-proxy needing `min` (pushes need a signed-in user). */
const git =
  (min: Level, needsSignIn: boolean) =>
  (level: Level, signedIn: boolean): Outcome =>
    atLeast(level, min) && (signedIn || !needsSignIn) ? 'OK' : 'REFUSED';

export const ACTIONS: Action[] = [
  {
    id: 'readRepository',
    label: 'read repository (viewerPermission)',
    expected: (level) => (level === 'NONE' ? 'NOT_FOUND' : level),
  },
  { id: 'readIssue', label: 'read issue', expected: read() },
  { id: 'openIssue', label: 'open issue', expected: mutation('READ') },
  { id: 'comment', label: 'comment', expected: mutation('READ') },
  { id: 'closeOthersIssue', label: "close someone else's issue", expected: mutation('WRITE') },
  { id: 'label', label: "label someone else's issue", expected: mutation('WRITE') },
  { id: 'assign', label: 'assign', expected: mutation('WRITE') },
  { id: 'clone', label: 'clone (git)', expected: git('READ', false) },
  { id: 'push', label: 'push (git)', expected: git('WRITE', true) },
  { id: 'deleteRepository', label: 'delete repository', expected: mutation('ADMIN') },
  { id: 'addCollaborator', label: 'manage collaborators', expected: mutation('ADMIN') },
  { id: 'issueEvents', label: 'receive issue events', expected: read() },
];

export interface Cell {
  role: Role;
  kind: RepoKind;
  action: Action;
  level: Level;
  expected: Outcome;
  /** Stable key, also the test's name. */
  key: string;
}

export const cellKey = (role: RoleId, kind: RepoKind, action: ActionId) =>
  `${role} × ${action} on ${repoKindName(kind)}`;

/** Every cell that exists (roles that have no place on a repository kind are left out). */
export function allCells(): Cell[] {
  const cells: Cell[] = [];
  for (const kind of REPO_KINDS) {
    for (const role of ROLES) {
      const level = role.level(kind);
      if (level === undefined) continue;
      for (const action of ACTIONS) {
        cells.push({
          role,
          kind,
          action,
          level,
          expected: action.expected(level, role.id !== 'anonymous'),
          key: cellKey(role.id, kind, action.id),
        });
      }
    }
  }
  return cells;
}

/**
 * The matrix as markdown: one table per repository kind, a row per role, a column per action;
 * each cell "expected" when observed matches, else "✗ observed (expected …)".
 */
export function renderMarkdown(
  observed: ReadonlyMap<string, { outcome: string; detail?: string }>,
  title: string,
): string {
  const lines = [`# ${title}`, ''];
  const cells = allCells();
  const failing = cells.filter((c) => observed.get(c.key)?.outcome !== c.expected);
  const passing = cells.length - failing.length;
  lines.push(`${passing} of ${cells.length} cells as specified, ${failing.length} not.`, '');
  for (const kind of REPO_KINDS) {
    lines.push(`## ${repoKindName(kind)} repository`, '');
    lines.push(`| role (level) | ${ACTIONS.map((a) => a.label).join(' | ')} |`);
    lines.push(`|---|${ACTIONS.map(() => '---').join('|')}|`);
    for (const role of ROLES) {
      const level = role.level(kind);
      if (level === undefined) continue;
      const row = ACTIONS.map((action) => {
        const cell = cells.find((c) => c.key === cellKey(role.id, kind, action.id))!;
        const seen = observed.get(cell.key)?.outcome ?? 'not run';
        return seen === cell.expected ? cell.expected : `✗ ${seen} (expected ${cell.expected})`;
      });
      lines.push(`| ${role.label} (${level}) | ${row.join(' | ')} |`);
    }
    lines.push('');
  }
  if (failing.length > 0) lines.push('## Cells not as specified', '');
  for (const cell of failing) {
    const seen = observed.get(cell.key);
    const detail = seen?.detail ? `: ${seen.detail.replace(/\s+/g, ' ').slice(0, 300)}` : '';
    lines.push(`- ${cell.key}: ${seen?.outcome ?? 'not run'} (expected ${cell.expected})${detail}`);
  }
  return lines.join('\n');
}
