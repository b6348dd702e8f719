import type { Viewer } from '@gitforge/auth';
import { DomainError, notFound } from '@gitforge/errors';
import type { EntityManager } from '@mikro-orm/postgresql';
import { IssueSchema, type Issue } from '../db/entities';
import type { Transactor } from '../db/createTransactor';
import type { IssueCreator } from '../write/IssueWriter';
import { replaceLabels } from './labelStore';
import { noIssueEvents, type IssueEventSink } from './IssueEventBus';
import type { RepositoryAccess } from './repositoryAccess';
import {
  validateBody,
  validateId,
  validateLabels,
  validateRepository,
  validateTitle,
} from './validation';

export interface CreateIssueInput {
  repository: string;
  title: string;
  body?: string | null;
  labels?: readonly string[] | null;
}

export interface UpdateIssueInput {
  id: string;
  title?: string | null;
  body?: string | null;
  labels?: readonly string[] | null;
}

export type CloseReason = 'COMPLETED' | 'NOT_PLANNED';

/**
 * Issue writes and single-issue reads. New issues are filed by group commit (`IssueCreator`,
 * write/IssueWriter.ts); every other write is one SERIALIZABLE transaction.
 */
export class IssueService {
  constructor(
    private readonly em: EntityManager,
    private readonly transact: Transactor,
    private readonly access: RepositoryAccess,
    private readonly creation: IssueCreator,
    private readonly events: IssueEventSink = noIssueEvents,
  ) {}

  async create(viewer: Viewer | null, input: CreateIssueInput): Promise<Issue> {
    const author = requireViewer(viewer);
    const repository = validateRepository('repository', input.repository);
    const title = validateTitle(input.title);
    const body = validateBody('body', input.body ?? '');
    const labels = validateLabels(input.labels ?? []);
    await this.requireReadable(viewer, repository);

    // Validated and permitted before it joins a batch: a batch fails only for what the
    // database refuses, and then only the faulty draft's caller (IssueWriter).
    const issue = await this.creation.create({
      repository,
      author: author.login,
      title,
      body,
      labels,
    });
    await this.events.published('CREATED', issue, author.login);
    return issue;
  }

  async update(viewer: Viewer | null, input: UpdateIssueInput): Promise<Issue> {
    const user = requireViewer(viewer);
    const id = validateId('id', input.id);
    const title = input.title == null ? undefined : validateTitle(input.title);
    const body = input.body == null ? undefined : validateBody('body', input.body);
    const labels = input.labels == null ? undefined : validateLabels(input.labels);
    const updated = await this.transact(async (tx) => {
      const issue = await this.loadForWrite(tx, user, id);
      if (title !== undefined) issue.title = title;
      if (body !== undefined) issue.body = body;
      if (labels !== undefined) await replaceLabels(tx, issue, labels);
      issue.updatedAt = new Date();
      return issue;
    });
    await this.events.published('UPDATED', updated, user.login);
    return updated;
  }

  async close(viewer: Viewer | null, id: string, reason: CloseReason): Promise<Issue> {
    const user = requireViewer(viewer);
    const issueId = validateId('id', id);
    const { issue, changed } = await this.transact(async (tx) => {
      const issue = await this.loadForWrite(tx, user, issueId);
      if (issue.state === 'CLOSED' && issue.stateReason === reason) {
        return { issue, changed: false };
      }
      const now = new Date();
      issue.state = 'CLOSED';
      issue.stateReason = reason;
      issue.closedAt ??= now;
      issue.updatedAt = now;
      return { issue, changed: true };
    });
    if (changed) await this.events.published('CLOSED', issue, user.login);
    return issue;
  }

  async reopen(viewer: Viewer | null, id: string): Promise<Issue> {
    const user = requireViewer(viewer);
    const issueId = validateId('id', id);
    const { issue, changed } = await this.transact(async (tx) => {
      const issue = await this.loadForWrite(tx, user, issueId);
      if (issue.state === 'OPEN') return { issue, changed: false };
      issue.state = 'OPEN';
      issue.stateReason = 'REOPENED';
      issue.closedAt = null;
      issue.updatedAt = new Date();
      return { issue, changed: true };
    });
    if (changed) await this.events.published('REOPENED', issue, user.login);
    return issue;
  }

  async getByNumber(viewer: Viewer | null, repository: string, number: number): Promise<Issue> {
    validateRepository('repository', repository);
    const issue = await this.em.fork().findOne(IssueSchema, { repository, number });
    if (!issue || !(await this.access.canRead(viewer, issue.repository))) {
      throw notFound(`Issue ${repository}#${number}`);
    }
    return issue;
  }

  async getById(viewer: Viewer | null, id: string): Promise<Issue> {
    const issueId = validateId('id', id);
    const issue = await this.em.fork().findOne(IssueSchema, { id: issueId });
    if (!issue || !(await this.access.canRead(viewer, issue.repository))) {
      throw notFound(`Issue ${id}`);
    }
    return issue;
  }

  /** Author or repository owner may change an issue and its comments. */
  async canModify(viewer: Viewer | null, repository: string, author: string): Promise<boolean> {
    if (!viewer) return false;
    return viewer.login === author || this.access.isOwner(viewer, repository);
  }

  canRead(viewer: Viewer | null, repository: string): Promise<boolean> {
    return this.access.canRead(viewer, repository);
  }

  async requireReadable(viewer: Viewer | null, repository: string): Promise<void> {
    if (!(await this.canRead(viewer, repository))) {
      throw notFound(`Repository ${repository}`);
    }
  }

  private async loadForWrite(tx: EntityManager, viewer: Viewer, id: string): Promise<Issue> {
    const issue = await tx.findOne(IssueSchema, { id });
    if (!issue || !(await this.access.canRead(viewer, issue.repository))) {
      throw notFound(`Issue ${id}`);
    }
    if (!(await this.canModify(viewer, issue.repository, issue.author))) {
      throw new DomainError(
        'FORBIDDEN',
        'Only the author or the repository owner may change this issue',
      );
    }
    return issue;
  }
}

export function requireViewer(viewer: Viewer | null): Viewer {
  if (!viewer) throw new DomainError('UNAUTHENTICATED', 'Sign in to do this');
  return viewer;
}
