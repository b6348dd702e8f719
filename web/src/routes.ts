/** Hrefs of the UI's pages, in one place. Paths are per segment URI-encoded; refs go in `?ref=`. */
export function encodePath(path: string): string {
  return path.split('/').filter(Boolean).map(encodeURIComponent).join('/');
}

function refQuery(gitRef: string | undefined): string {
  return gitRef ? `?ref=${encodeURIComponent(gitRef)}` : '';
}

export const repoHref = (owner: string, name: string, gitRef?: string) =>
  `/${encodeURIComponent(owner)}/${encodeURIComponent(name)}${refQuery(gitRef)}`;

export const treeHref = (owner: string, name: string, path: string, gitRef?: string) =>
  path
    ? `/${encodeURIComponent(owner)}/${encodeURIComponent(name)}/tree/${encodePath(path)}${refQuery(gitRef)}`
    : repoHref(owner, name, gitRef);

export const blobHref = (owner: string, name: string, path: string, gitRef?: string) =>
  `/${encodeURIComponent(owner)}/${encodeURIComponent(name)}/blob/${encodePath(path)}${refQuery(gitRef)}`;

export const commitsHref = (owner: string, name: string, gitRef?: string) =>
  `${repoHref(owner, name)}/commits${refQuery(gitRef)}`;

export const issuesHref = (owner: string, name: string) => `${repoHref(owner, name)}/issues`;

export const issueHref = (owner: string, name: string, issueNumber: number) =>
  `${issuesHref(owner, name)}/${issueNumber}`;

export const newIssueHref = (owner: string, name: string) => `${issuesHref(owner, name)}/new`;

export const signInHref = (next?: string) =>
  next && next !== '/login' ? `/login?next=${encodeURIComponent(next)}` : '/login';

/** A user's or an organization's page (Gitea's `/{owner}`); `tab` = members | teams. */
export const ownerHref = (login: string, tab?: 'members' | 'teams') =>
  `/${encodeURIComponent(login)}${tab ? `?tab=${tab}` : ''}`;

/** Gitea reserves the name `org`, so `/org/…` never shadows an owner. */
export const newOrganizationHref = () => '/org/new';

export const teamHref = (org: string, team: string) =>
  `/org/${encodeURIComponent(org)}/teams/${encodeURIComponent(team)}`;

/** `/new`, with the owner picker preset when `owner` is given. */
export const newRepositoryHref = (owner?: string) =>
  owner ? `/new?owner=${encodeURIComponent(owner)}` : '/new';

export const settingsHref = (owner: string, name: string) => `${repoHref(owner, name)}/settings`;
