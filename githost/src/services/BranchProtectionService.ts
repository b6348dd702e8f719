import type { GithostStore } from '../store/GithostStore';
import type { ProtectionRecord } from '../store/pullRecords';
import type { PullStore } from '../store/PullStore';
import type { RepoRecord, UserRecord } from '../store/records';
import { forbidden, invalid, notFound } from './GithostError';
import { atLeast, type Permissions } from './Permissions';

export interface ProtectionInput {
  ruleName?: string;
  enablePush?: boolean;
  enablePushWhitelist?: boolean;
  pushWhitelistUsernames?: string[];
  enableMergeWhitelist?: boolean;
  mergeWhitelistUsernames?: string[];
  enableApprovalsWhitelist?: boolean;
  approvalsWhitelistUsernames?: string[];
  requiredApprovals?: number;
  enableStatusCheck?: boolean;
  statusCheckContexts?: string[];
  blockOnRejectedReviews?: boolean;
  blockOnOfficialReviewRequests?: boolean;
  blockOnOutdatedBranch?: boolean;
  dismissStaleApprovals?: boolean;
  requireSignedCommits?: boolean;
  protectedFilePatterns?: string;
  unprotectedFilePatterns?: string;
}

/** Gitea's glob for rule names and status contexts: `*` within a path segment, `**` across. */
export function globMatch(pattern: string, name: string): boolean {
  let out = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern.charAt(i);
    if (c === '*' && pattern.charAt(i + 1) === '*') {
      out += '.*';
      i += 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`).test(name);
}

/** Gitea's IsRuleNameSpecial: a rule name with glob characters names no single branch. */
export const isGlobRule = (name: string): boolean => /[*?[\]{}\\!]/.test(name);

/** Branch protection rules (Gitea's ProtectedBranch), matched like GetFirstMatchProtectedBranchRule. */
export class BranchProtectionService {
  constructor(
    private readonly store: GithostStore,
    private readonly pulls: PullStore,
    private readonly perms: Permissions,
  ) {}

  list(repo: RepoRecord): ProtectionRecord[] {
    return this.pulls.data.protections.filter((p) => p.repoId === repo.id);
  }

  get(repo: RepoRecord, name: string): ProtectionRecord {
    const rule = this.list(repo).find((p) => p.ruleName === name);
    if (!rule) throw notFound(`branch protection does not exist [name: ${name}]`);
    return rule;
  }

  /** The rule protecting `branch`: an exact rule name first, then the first glob that matches. */
  ruleFor(repo: RepoRecord, branch: string): ProtectionRecord | undefined {
    const rules = this.list(repo);
    return (
      rules.find((r) => r.ruleName === branch) ??
      rules.find((r) => isGlobRule(r.ruleName) && globMatch(r.ruleName, branch))
    );
  }

  /** Gitea's CanUserPush (the pusher already has WRITE). */
  canPush(rule: ProtectionRecord, user: UserRecord): boolean {
    if (!rule.enablePush) return false;
    if (!rule.enablePushWhitelist) return true;
    return rule.pushWhitelistUserIds.includes(user.id);
  }

  /** Gitea's IsUserMergeWhitelisted: WRITE, or the merge whitelist when it is enabled. */
  canMerge(rule: ProtectionRecord | undefined, user: UserRecord, repo: RepoRecord): boolean {
    if (rule?.enableMergeWhitelist) return rule.mergeWhitelistUserIds.includes(user.id);
    return atLeast(this.perms.levelOfUser(user, repo), 'write');
  }

  /** Gitea's CanApprove / IsOfficialReviewer: WRITE, or the approvals whitelist when enabled. */
  canApprove(rule: ProtectionRecord | undefined, user: UserRecord, repo: RepoRecord): boolean {
    if (rule?.enableApprovalsWhitelist) return rule.approvalsWhitelistUserIds.includes(user.id);
    return atLeast(this.perms.levelOfUser(user, repo), 'write');
  }

  /** Named users with WRITE on the repository; unknown names are 422, others dropped (Gitea). */
  private writers(repo: RepoRecord, names: readonly string[] | undefined): number[] | undefined {
    if (names === undefined) return undefined;
    return names.flatMap((name) => {
      const user = this.store.userByLogin(name);
      if (!user || user.org) throw invalid(`user does not exist [uid: 0, name: ${name}]`);
      return atLeast(this.perms.levelOfUser(user, repo), 'write') ? [user.id] : [];
    });
  }

  private apply(repo: RepoRecord, rule: ProtectionRecord, input: ProtectionInput): void {
    if (input.requiredApprovals !== undefined && input.requiredApprovals < 0) {
      throw invalid('[RequiredApprovals]: must not be negative');
    }
    const flags: [keyof ProtectionInput & keyof ProtectionRecord][] = [
      ['enablePush'],
      ['enablePushWhitelist'],
      ['enableMergeWhitelist'],
      ['enableApprovalsWhitelist'],
      ['requiredApprovals'],
      ['enableStatusCheck'],
      ['statusCheckContexts'],
      ['blockOnRejectedReviews'],
      ['blockOnOfficialReviewRequests'],
      ['blockOnOutdatedBranch'],
      ['dismissStaleApprovals'],
      ['requireSignedCommits'],
      ['protectedFilePatterns'],
      ['unprotectedFilePatterns'],
    ];
    for (const [key] of flags) {
      if (input[key] !== undefined) Object.assign(rule, { [key]: input[key] });
    }
    rule.pushWhitelistUserIds =
      this.writers(repo, input.pushWhitelistUsernames) ?? rule.pushWhitelistUserIds;
    rule.mergeWhitelistUserIds =
      this.writers(repo, input.mergeWhitelistUsernames) ?? rule.mergeWhitelistUserIds;
    rule.approvalsWhitelistUserIds =
      this.writers(repo, input.approvalsWhitelistUsernames) ?? rule.approvalsWhitelistUserIds;
    if (!rule.enablePush) rule.enablePushWhitelist = false;
    if (!rule.enableStatusCheck) rule.statusCheckContexts = [];
  }

  async create(
    repo: RepoRecord,
    input: ProtectionInput,
    branchExists: (name: string) => Promise<boolean>,
  ): Promise<ProtectionRecord> {
    const name = input.ruleName ?? '';
    if (!name) throw invalid('both rule_name and branch_name are empty');
    // The pre-receive hook reads rules line by line, tab-separated.
    // eslint-disable-next-line no-control-regex
    if (/[\x00-\x20\x7f]/.test(name) || name.length > 255) {
      throw invalid(`invalid rule name [name: ${name}]`);
    }
    if (!isGlobRule(name) && !(await branchExists(name))) {
      throw notFound(`branch does not exist [name: ${name}]`);
    }
    if (this.list(repo).some((p) => p.ruleName === name)) {
      throw forbidden('Branch protection already exist');
    }
    const now = new Date().toISOString();
    const rule: ProtectionRecord = {
      id: this.pulls.nextId('protection'),
      repoId: repo.id,
      ruleName: name,
      enablePush: false,
      enablePushWhitelist: false,
      pushWhitelistUserIds: [],
      enableMergeWhitelist: false,
      mergeWhitelistUserIds: [],
      enableApprovalsWhitelist: false,
      approvalsWhitelistUserIds: [],
      requiredApprovals: 0,
      enableStatusCheck: false,
      statusCheckContexts: [],
      blockOnRejectedReviews: false,
      blockOnOfficialReviewRequests: false,
      blockOnOutdatedBranch: false,
      dismissStaleApprovals: false,
      requireSignedCommits: false,
      protectedFilePatterns: '',
      unprotectedFilePatterns: '',
      createdAt: now,
      updatedAt: now,
    };
    this.apply(repo, rule, input);
    this.pulls.data.protections.push(rule);
    await this.pulls.save();
    return rule;
  }

  async edit(repo: RepoRecord, name: string, input: ProtectionInput): Promise<ProtectionRecord> {
    const rule = this.get(repo, name);
    const draft = { ...rule };
    this.apply(repo, draft, input);
    Object.assign(rule, draft, { updatedAt: new Date().toISOString() });
    await this.pulls.save();
    return rule;
  }

  async delete(repo: RepoRecord, name: string): Promise<void> {
    const rule = this.get(repo, name);
    this.pulls.data.protections = this.pulls.data.protections.filter((p) => p !== rule);
    await this.pulls.save();
  }

  userLogins(ids: readonly number[]): string[] {
    return ids.flatMap((id) => this.store.userById(id)?.login ?? []);
  }
}
