import type { Viewer } from '@gitforge/auth';
import { DomainError, notFound } from '@gitforge/errors';
import type { EntityManager } from '@mikro-orm/postgresql';
import { IssueSchema, type Issue } from '../db/entities';
import type { Transactor } from '../db/createTransactor';
import type { IssueCreator } from '../write/IssueWriter';
import { noTurns, type RepositoryTurns } from '../write/RepositoryTurns';
import type { IssueEvent, IssueEventAction } from './issueEvents';
import { replaceLabels } from './labelStore';
import { noIssueEvents, type IssueEventSink } from './IssueEventBus';
import { appendIssueEvent, issueSnapshot } from './issueOutbox';
import { mayModify, requireLevel, sameLogin } from './permissionRules';
import { atLeast, type RepositoryAccess } from './repositoryAccess';
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
    private readonly turns: Pick<RepositoryTurns, 'run'> = noTurns,
  ) {}

  async create(viewer: Viewer | null, input: CreateIssueInput): Promise<Issue> {
    const author = requireViewer(viewer);
    const repository = validateRepository('repository', input.repository);
    const title = validateTitle(input.title);
    const body = validateBody('body', input.body ?? '');
    const labels = validateLabels(input.labels ?? []);
    // READ (signed in, on a public repository) opens an issue, labelled as its author wishes
    // (an author keeps every right over their own issue; labelling others' needs WRITE).
    await this.requireReadable(viewer, repository);

    // Validated and permitted before it joins a batch: a batch fails only for what the
    // database refuses, and then only the faulty draft's caller (IssueWriter).
    // The issue and its CREATED event are committed together (insertIssueBatch).
    const { issue, event } = await this.creation.create({
      repository,
      author: author.login,
      title,
      body,
      labels,
    });
    const { labels: carried, ...fields } = issue;
    await this.events.published({
      ...event,
      action: 'CREATED',
      repository,
      actor: author.login,
      issue: { ...fields, labels: carried },
      comment: null,
    });
    return issue;
  }

  async update(viewer: Viewer | null, input: UpdateIssueInput): Promise<Issue> {
    const user = requireViewer(viewer);
    const id = validateId('id', input.id);
    const title = input.title == null ? undefined : validateTitle(input.title);
    const body = input.body == null ? undefined : validateBody('body', input.body);
    const labels = input.labels == null ? undefined : validateLabels(input.labels);
    const { issue: updated, event } = await this.inTurn(id, async (tx) => {
      // The author or WRITE and above: title, body and labels alike.
      const { issue } = await this.loadForWrite(tx, user, id);
      if (title !== undefined) issue.title = title;
      if (body !== undefined) issue.body = body;
      if (labels !== undefined) await replaceLabels(tx, issue, labels);
      issue.updatedAt = new Date();
      return { issue, event: await this.recordEvent(tx, 'UPDATED', issue, user) };
    });
    await this.events.published(event);
    return updated;
  }

  async close(viewer: Viewer | null, id: string, reason: CloseReason): Promise<Issue> {
    const user = requireViewer(viewer);
    const issueId = validateId('id', id);
    const { issue, event } = await this.inTurn(issueId, async (tx) => {
      const { issue } = await this.loadForWrite(tx, user, issueId);
      if (issue.state === 'CLOSED' && issue.stateReason === reason) {
        return { issue, event: undefined };
      }
      const now = new Date();
      issue.state = 'CLOSED';
      issue.stateReason = reason;
      issue.closedAt ??= now;
      issue.updatedAt = now;
      return { issue, event: await this.recordEvent(tx, 'CLOSED', issue, user) };
    });
    if (event) await this.events.published(event);
    return issue;
  }

  async reopen(viewer: Viewer | null, id: string): Promise<Issue> {
    const user = requireViewer(viewer);
    const issueId = validateId('id', id);
    const { issue, event } = await this.inTurn(issueId, async (tx) => {
      const { issue } = await this.loadForWrite(tx, user, issueId);
      if (issue.state === 'OPEN') return { issue, event: undefined };
      issue.state = 'OPEN';
      issue.stateReason = 'REOPENED';
      issue.closedAt = null;
      issue.updatedAt = new Date();
      return { issue, event: await this.recordEvent(tx, 'REOPENED', issue, user) };
    });
    if (event) await this.events.published(event);
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

  /** The author (while they may read it) or WRITE and above may change an issue or comment. */
  canModify(viewer: Viewer | null, repository: string, author: string): Promise<boolean> {
    return mayModify(this.access, viewer, repository, author);
  }

  /** This request's permission checks (the assignee and comment services share them). */
  get permissions(): RepositoryAccess {
    return this.access;
  }

  canRead(viewer: Viewer | null, repository: string): Promise<boolean> {
    return this.access.canRead(viewer, repository);
  }

  async requireReadable(viewer: Viewer | null, repository: string): Promise<void> {
    if (!(await this.canRead(viewer, repository))) {
      throw notFound(`Repository ${repository}`);
    }
  }

  /**
   * `work` in one transaction, in the turn of the issue's repository (RepositoryTurns): its
   * event's stream row is then not contended within this process. An unknown issue takes no
   * turn (`work` answers NOT_FOUND).
   */
  async inTurn<T>(issueId: string, work: (tx: EntityManager) => Promise<T>): Promise<T> {
    const [row] = await this.em
      .fork()
      .execute<{ repository: string }[]>('select repository from issues where id = ?', [issueId]);
    if (!row) return this.transact(work);
    return this.turns.run(row.repository, () => this.transact(work));
  }

  /**
   * The change's event in the outbox, last in its transaction: the issue's changes are flushed
   * first, so the stream row's lock (held until commit) is taken as late as possible.
   */
  private async recordEvent(
    tx: EntityManager,
    action: IssueEventAction,
    issue: Issue,
    actor: Viewer,
  ): Promise<IssueEvent> {
    await tx.flush();
    return appendIssueEvent(tx, {
      action,
      actor: actor.login,
      issue: await issueSnapshot(tx, issue),
    });
  }

  /**
   * The issue, for a change by its author or by WRITE and above (NOT_FOUND for those who may
   * not read it, FORBIDDEN for other readers), with the viewer's level.
   */
  async loadForWrite(tx: EntityManager, viewer: Viewer, id: string, { authorMay = true } = {}) {
    const issue = await tx.findOne(IssueSchema, { id });
    if (!issue) throw notFound(`Issue ${id}`);
    const level = await requireLevel(
      this.access,
      viewer,
      issue.repository,
      `Issue ${id}`,
      (level) => atLeast(level, 'write') || (authorMay && sameLogin(viewer.login, issue.author)),
      authorMay
        ? 'Only the author or a user with write access may change this issue'
        : 'This needs write access to the repository',
    );
    return { issue, level };
  }
}

export function requireViewer(viewer: Viewer | null): Viewer {
  if (!viewer) throw new DomainError('UNAUTHENTICATED', 'Sign in to do this');
  return viewer;
}
