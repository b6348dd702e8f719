import { createHash } from 'node:crypto';
import type { CommitInfo, ResolvedRef, Signature, TreeEntry } from '../git/types';
import type { Viewer } from '../services/access';
import { atLeast, type Permissions } from '../services/Permissions';
import type { RepoRef } from '../services/RepositoryService';
import type { UserService } from '../services/UserService';
import type { HookRecord, RepoRecord, UserRecord } from '../store/records';

// Gitea's JSON for each resource, with exactly the fields of the 1.21 spec that Gitea fills.
// Fields Gitea sends as null (parent, repo_transfer, signer, ...) are left out: the spec has
// no nullable types, and a client must treat absent and null alike anyway.

type Json = Record<string, unknown>;

const NEVER = '1970-01-01T00:00:00Z';
const UNSET_TIME = '0001-01-01T00:00:00Z';
const escapePath = (path: string) => path.split('/').map(encodeURIComponent).join('/');

/** What the pull request side knows about a repository (set by createGithost). */
export interface PullFacts {
  parentOf(repo: RepoRecord): RepoRecord | undefined;
  forkCount(repo: RepoRecord): number;
  openPulls(repo: RepoRecord): number;
}

export class Presenter {
  pullFacts: PullFacts | undefined;

  constructor(
    private readonly rootUrl: () => string,
    private readonly users: UserService,
    private readonly perms: Permissions,
  ) {}

  get root(): string {
    return this.rootUrl();
  }

  avatarUrl(user: UserRecord): string {
    const hash = createHash('md5').update(user.email.toLowerCase()).digest('hex');
    return `${this.root}/avatars/${hash}`;
  }

  /**
   * Signed-in viewers see e-mail addresses; anonymous ones Gitea's no-reply placeholder. As in
   * Gitea's `convert.ToUser`, `is_admin` is told only to the user themself and to administrators
   * (`authed`); everyone else reads false.
   */
  user(user: UserRecord, showEmail: boolean, authed = false): Json {
    return {
      id: user.id,
      login: user.login,
      login_name: '',
      full_name: user.fullName,
      // An organization without a contact address gets the placeholder (the spec wants an e-mail).
      email: showEmail && user.email ? user.email : `${user.login.toLowerCase()}@noreply.localhost`,
      avatar_url: this.avatarUrl(user),
      language: '',
      is_admin: authed && user.isAdmin === true,
      last_login: user.createdAt,
      created: user.createdAt,
      restricted: false,
      active: true,
      prohibit_login: false,
      location: '',
      website: '',
      description: '',
      visibility: user.org?.visibility ?? 'public',
      followers_count: 0,
      following_count: 0,
      starred_repos_count: 0,
    };
  }

  htmlUrl({ owner, repo }: RepoRef): string {
    return `${this.root}/${owner.login}/${repo.name}`;
  }

  apiUrl({ owner, repo }: RepoRef): string {
    return `${this.root}/api/v1/repos/${owner.login}/${repo.name}`;
  }

  repository(ref: RepoRef, viewer: Viewer | null, asParent = false): Json {
    const { repo, owner } = ref;
    // Gitea's ToRepo: `parent` one level deep, and only when the viewer may read it.
    const parent = this.pullFacts?.parentOf(repo);
    const parentOwner = parent && this.users.byId(parent.ownerId);
    const showParent =
      !asParent && parent && parentOwner && atLeast(this.perms.level(viewer, parent), 'read');
    const html = this.htmlUrl(ref);
    const api = this.apiUrl(ref);
    return {
      id: repo.id,
      owner: this.user(owner, viewer !== null),
      name: repo.name,
      full_name: `${owner.login}/${repo.name}`,
      description: repo.description,
      empty: repo.empty,
      private: repo.private,
      fork: parent !== undefined,
      ...(showParent
        ? { parent: this.repository({ repo: parent, owner: parentOwner }, viewer, true) }
        : {}),
      template: false,
      mirror: false,
      size: repo.sizeKiB,
      language: '',
      languages_url: `${api}/languages`,
      html_url: html,
      url: api,
      link: '',
      clone_url: `${html}.git`,
      original_url: '',
      website: '',
      stars_count: 0,
      forks_count: this.pullFacts?.forkCount(repo) ?? 0,
      watchers_count: 1,
      open_issues_count: 0,
      open_pr_counter: this.pullFacts?.openPulls(repo) ?? 0,
      release_counter: 0,
      default_branch: repo.defaultBranch,
      archived: false,
      created_at: repo.createdAt,
      updated_at: repo.updatedAt,
      archived_at: NEVER,
      permissions: this.permissions(repo, viewer),
      has_issues: true,
      internal_tracker: {
        enable_time_tracker: true,
        allow_only_contributors_to_track_time: true,
        enable_issue_dependencies: true,
      },
      has_wiki: false,
      has_pull_requests: false,
      has_projects: false,
      has_releases: false,
      has_packages: false,
      has_actions: false,
      ignore_whitespace_conflicts: false,
      allow_merge_commits: true,
      allow_rebase: true,
      allow_rebase_explicit: true,
      allow_squash_merge: true,
      allow_rebase_update: true,
      default_delete_branch_after_merge: false,
      default_merge_style: 'merge',
      default_allow_maintainer_edit: false,
      avatar_url: '',
      internal: false,
      mirror_interval: '',
      mirror_updated: UNSET_TIME,
    };
  }

  /** Gitea's `permissions`: admin from the mode, push and pull from the code unit's. */
  permissions(repo: RepoRecord, viewer: Viewer | null): Json {
    const mode = this.perms.level(viewer, repo);
    return {
      admin: atLeast(mode, 'admin'),
      push: atLeast(mode, 'write'),
      pull: atLeast(mode, 'read'),
    };
  }

  private commitUser(who: Signature): Json {
    return { name: who.name, email: who.email, date: who.date };
  }

  private userFor(email: string, viewer: Viewer | null): Json | undefined {
    const user = this.users.byEmail(email);
    return user ? this.user(user, viewer !== null) : undefined;
  }

  commit(
    ref: RepoRef,
    c: CommitInfo,
    viewer: Viewer | null,
    include: { stat: boolean; files: boolean; verification: boolean },
  ): Json {
    const api = this.apiUrl(ref);
    const url = `${api}/git/commits/${c.sha}`;
    const out: Json = {
      url,
      sha: c.sha,
      created: c.committer.date,
      html_url: `${this.htmlUrl(ref)}/commit/${c.sha}`,
      commit: {
        url,
        author: this.commitUser(c.author),
        committer: this.commitUser(c.committer),
        message: c.message,
        tree: { url: `${api}/git/trees/${c.tree}`, sha: c.tree, created: c.committer.date },
        ...(include.verification ? { verification: UNSIGNED } : {}),
      },
      parents: c.parents.map((sha) => ({ url: `${api}/git/commits/${sha}`, sha })),
    };
    const author = this.userFor(c.author.email, viewer);
    const committer = this.userFor(c.committer.email, viewer);
    if (author) out.author = author;
    if (committer) out.committer = committer;
    if (include.files) {
      out.files = (c.files ?? []).map((f) => ({ filename: f.path, status: f.status }));
    }
    if (include.stat) {
      const additions = (c.files ?? []).reduce((n, f) => n + f.additions, 0);
      const deletions = (c.files ?? []).reduce((n, f) => n + f.deletions, 0);
      out.stats = { total: additions + deletions, additions, deletions };
    }
    return out;
  }

  private payloadUser(who: Signature): Json {
    return {
      name: who.name,
      email: who.email,
      username: this.users.byEmail(who.email)?.login ?? '',
    };
  }

  /** The commit shape of branches and push webhooks. */
  payloadCommit(ref: RepoRef, c: CommitInfo, withFiles: boolean): Json {
    const out: Json = {
      id: c.sha,
      message: c.message,
      url: `${this.htmlUrl(ref)}/commit/${c.sha}`,
      author: this.payloadUser(c.author),
      committer: this.payloadUser(c.committer),
      verification: UNSIGNED,
      timestamp: c.author.date,
    };
    if (withFiles) {
      const files = c.files ?? [];
      const named = (status: string) => files.filter((f) => f.status === status).map((f) => f.path);
      out.added = named('added');
      out.removed = named('removed');
      out.modified = files
        .filter((f) => f.status !== 'added' && f.status !== 'removed')
        .map((f) => f.path);
    }
    return out;
  }

  branch(ref: RepoRef, name: string, commit: CommitInfo, viewer: Viewer | null): Json {
    const push = atLeast(this.perms.level(viewer, ref.repo), 'write');
    return {
      name,
      commit: this.payloadCommit(ref, commit, false),
      protected: false,
      required_approvals: 0,
      enable_status_check: false,
      status_check_contexts: [],
      user_can_push: push,
      user_can_merge: push,
      effective_branch_protection_name: '',
    };
  }

  /** One entry of the contents API; `content` only for a file asked for by its own path. */
  contents(
    ref: RepoRef,
    at: ResolvedRef & { name: string },
    entry: TreeEntry,
    lastCommit: string | undefined,
    extra: { content?: Buffer; target?: string } = {},
  ): Json {
    const api = this.apiUrl(ref);
    const refPart = `${at.kind}/${escapePath(at.name)}`;
    const type = entryType(entry);
    const self = `${api}/contents/${escapePath(entry.path)}?ref=${encodeURIComponent(at.name)}`;
    const gitUrl =
      type === 'dir' ? `${api}/git/trees/${entry.sha}` : `${api}/git/blobs/${entry.sha}`;
    const html = `${this.htmlUrl(ref)}/src/${refPart}/${escapePath(entry.path)}`;
    const out: Json = {
      name: entry.name,
      path: entry.path,
      sha: entry.sha,
      last_commit_sha: lastCommit ?? '',
      type,
      size: entry.size,
    };
    if (extra.content) {
      out.encoding = 'base64';
      out.content = extra.content.toString('base64');
    }
    if (extra.target !== undefined) out.target = extra.target;
    Object.assign(out, { url: self, html_url: html, git_url: gitUrl });
    if (type === 'file') {
      out.download_url = `${this.htmlUrl(ref)}/raw/${refPart}/${escapePath(entry.path)}`;
    }
    out._links = { self, git: gitUrl, html };
    return out;
  }

  treeEntry(ref: RepoRef, entry: TreeEntry): Json {
    const kind = entry.type === 'tree' ? 'trees' : 'blobs';
    return {
      path: entry.path,
      mode: entry.mode,
      type: entry.type,
      size: entry.size,
      sha: entry.sha,
      url: `${this.apiUrl(ref)}/git/${kind}/${entry.sha}`,
    };
  }

  hook(hook: HookRecord): Json {
    return {
      id: hook.id,
      type: hook.type,
      branch_filter: hook.branchFilter,
      config: { url: hook.url, content_type: hook.contentType, http_method: hook.httpMethod },
      events: hook.events,
      authorization_header: hook.authorizationHeader,
      active: hook.active,
      updated_at: hook.updatedAt,
      created_at: hook.createdAt,
    };
  }
}

const UNSIGNED = {
  verified: false,
  reason: 'gpg.error.not_signed_commit',
  signature: '',
  payload: '',
};

export function entryType(entry: TreeEntry): 'file' | 'dir' | 'symlink' | 'submodule' {
  if (entry.type === 'tree') return 'dir';
  if (entry.type === 'commit') return 'submodule';
  return entry.mode === '120000' ? 'symlink' : 'file';
}
