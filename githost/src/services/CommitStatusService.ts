import type { CommitState, ProtectionRecord, StatusRecord } from '../store/pullRecords';
import type { PullStore } from '../store/PullStore';
import type { RepoRecord, UserRecord } from '../store/records';
import { globMatch } from './BranchProtectionService';
import { badRequest } from './GithostError';

export const COMMIT_STATES: readonly CommitState[] = [
  'pending',
  'success',
  'error',
  'failure',
  'warning',
];

// Gitea's commitStatusPriorities: the combined state is the worst one.
const PRIORITY: Record<CommitState, number> = {
  error: 0,
  failure: 1,
  warning: 2,
  pending: 3,
  success: 4,
};

export interface StatusInput {
  state: string;
  context?: string;
  description?: string;
  targetUrl?: string;
}

/** Commit statuses as Gitea keeps them: every post is kept; the newest per context counts. */
export class CommitStatusService {
  constructor(private readonly pulls: PullStore) {}

  async create(
    repo: RepoRecord,
    sha: string,
    input: StatusInput,
    creator: UserRecord,
  ): Promise<StatusRecord> {
    const state = input.state as CommitState;
    if (!COMMIT_STATES.includes(state))
      throw badRequest(`invalid commit status state: ${input.state}`);
    const now = new Date().toISOString();
    const index =
      this.pulls.data.statuses.filter((s) => s.repoId === repo.id && s.sha === sha).length + 1;
    const record: StatusRecord = {
      id: this.pulls.nextId('status'),
      repoId: repo.id,
      sha,
      index,
      context: input.context || 'default',
      state,
      description: input.description ?? '',
      targetUrl: input.targetUrl ?? '',
      creatorId: creator.id,
      createdAt: now,
      updatedAt: now,
    };
    this.pulls.data.statuses.push(record);
    await this.pulls.save();
    return record;
  }

  all(repo: RepoRecord, sha: string): StatusRecord[] {
    return this.pulls.data.statuses.filter((s) => s.repoId === repo.id && s.sha === sha);
  }

  /** The newest status of each context, newest first. */
  latest(repo: RepoRecord, sha: string): StatusRecord[] {
    const byContext = new Map<string, StatusRecord>();
    for (const s of this.all(repo, sha)) {
      const seen = byContext.get(s.context);
      if (!seen || seen.id < s.id) byContext.set(s.context, s);
    }
    return [...byContext.values()].sort((a, b) => b.id - a.id);
  }

  /** Gitea's CalcCommitStatus: the worst of the latest statuses ('' when there are none). */
  combined(statuses: readonly StatusRecord[]): CommitState | '' {
    let worst: CommitState | '' = '';
    for (const s of statuses)
      if (worst === '' || PRIORITY[s.state] < PRIORITY[worst]) worst = s.state;
    return worst;
  }

  /**
   * Gitea's MergeRequiredContextsCommitStatus + IsSuccess: every required context (a glob) has
   * a newest status of `success`; without contexts, the combined state must be success.
   */
  passes(rule: ProtectionRecord, repo: RepoRecord, sha: string): boolean {
    const latest = this.latest(repo, sha);
    if (rule.statusCheckContexts.length === 0) {
      const state = this.combined(latest);
      return state === '' || state === 'success';
    }
    return rule.statusCheckContexts.every((pattern) => {
      const matching = latest.filter((s) => s.context === pattern || globMatch(pattern, s.context));
      return matching.length > 0 && this.combined(matching) === 'success';
    });
  }
}
