import { randomUUID } from 'node:crypto';
import type { Viewer } from '@gitforge/auth';
import { notFound } from '@gitforge/errors';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CommentSchema, IssueSchema, type Comment, type Issue } from '../db/entities';
import type { Transactor } from '../db/createTransactor';
import { decodeCursor, encodeCursor } from './cursor';
import type { Page } from './IssueQuery';
import { noIssueEvents, type IssueEventSink } from './IssueEventBus';
import { appendIssueEvent, issueSnapshot } from './issueOutbox';
import { requireViewer, type IssueService } from './IssueService';
import { requireLevel, sameLogin } from './permissionRules';
import { atLeast } from './repositoryAccess';
import { validateBody, validateFirst, validateId } from './validation';

/** Comments keep `issues.comment_count` and `issues.updated_at` in step, in the same transaction. */
export class CommentService {
  constructor(
    private readonly em: EntityManager,
    private readonly transact: Transactor,
    private readonly issues: IssueService,
    private readonly events: IssueEventSink = noIssueEvents,
  ) {}

  async add(viewer: Viewer | null, issueId: string, body: string): Promise<Comment> {
    const author = requireViewer(viewer);
    const id = validateId('issueId', issueId);
    const text = validateBody('body', body, true);
    // Anyone who can read the repository may comment (as on Gitea/GitHub for public repositories).
    const issue = await this.issues.getById(viewer, id);
    const { comment, event } = await this.issues.inTurn(issue.id, async (tx) => {
      const now = new Date();
      const comment = tx.create(CommentSchema, {
        id: randomUUID(),
        issueId: issue.id,
        author: author.login,
        body: text,
        createdAt: now,
        updatedAt: now,
      });
      await tx.flush();
      const [row] = await tx.execute<{ comment_count: number }[]>(
        `update issues set comment_count = comment_count + 1, updated_at = ? where id = ?
         returning comment_count`,
        [now, issue.id],
      );
      const commentCount = Number(row?.comment_count ?? issue.commentCount + 1);
      const event = await appendIssueEvent(tx, {
        action: 'COMMENTED',
        actor: author.login,
        issue: await issueSnapshot(tx, { ...issue, commentCount, updatedAt: now }),
        comment: { ...comment },
      });
      return { comment, event };
    });
    await this.events.published(event);
    return comment;
  }

  async update(viewer: Viewer | null, id: string, body: string): Promise<Comment> {
    const user = requireViewer(viewer);
    const commentId = validateId('id', id);
    const text = validateBody('body', body, true);
    const { comment, event } = await this.inTurn(commentId, async (tx) => {
      const { comment, issue } = await this.loadForWrite(tx, user, commentId);
      comment.body = text;
      comment.updatedAt = new Date();
      await tx.flush();
      const event = await appendIssueEvent(tx, {
        action: 'COMMENT_EDITED',
        actor: user.login,
        issue: await issueSnapshot(tx, issue),
        comment: { ...comment },
      });
      return { comment, event };
    });
    await this.events.published(event);
    return comment;
  }

  async delete(viewer: Viewer | null, id: string): Promise<{ id: string; issueId: string }> {
    const user = requireViewer(viewer);
    const commentId = validateId('id', id);
    const { comment, issue, event } = await this.inTurn(commentId, async (tx) => {
      const { comment, issue } = await this.loadForWrite(tx, user, commentId);
      const deleted = { ...comment };
      tx.remove(comment);
      await tx.flush();
      const updatedAt = new Date();
      const [row] = await tx.execute<{ comment_count: number }[]>(
        `update issues set comment_count = comment_count - 1, updated_at = ? where id = ?
         returning comment_count`,
        [updatedAt, issue.id],
      );
      const commentCount = Number(row?.comment_count ?? issue.commentCount - 1);
      const event = await appendIssueEvent(tx, {
        action: 'COMMENT_DELETED',
        actor: user.login,
        issue: await issueSnapshot(tx, { ...issue, commentCount, updatedAt }),
        comment: deleted,
      });
      return { comment: deleted, issue, event };
    });
    await this.events.published(event);
    return { id: comment.id, issueId: issue.id };
  }

  async get(viewer: Viewer | null, id: string): Promise<Comment> {
    const commentId = validateId('id', id);
    const comment = await this.em.fork().findOne(CommentSchema, { id: commentId });
    if (!comment) throw notFound(`Comment ${id}`);
    await this.issues.getById(viewer, comment.issueId).catch(() => {
      throw notFound(`Comment ${id}`);
    });
    return comment;
  }

  /** Oldest first, as an issue thread reads. */
  async list(
    issueId: string,
    first?: number | null,
    after?: string | null,
  ): Promise<Page<Comment>> {
    const limit = validateFirst(first);
    const em = this.em.fork();
    const qb = em
      .getKnex()('comments as c')
      .select('c.*')
      .where('c.issue_id', issueId)
      .orderBy([
        { column: 'c.created_at', order: 'asc' },
        { column: 'c.id', order: 'asc' },
      ])
      .limit(limit + 1);
    if (after) {
      const position = decodeCursor(after, 'date');
      qb.whereRaw('(c.created_at, c.id) > (?, ?)', [position.value, position.id]);
    }
    const rows = await em.execute<Record<string, unknown>[]>(qb);
    const comments = rows.slice(0, limit).map((row) => em.map(CommentSchema, row));
    return {
      edges: comments.map((c) => ({
        node: c,
        cursor: encodeCursor({ value: c.createdAt, id: c.id }),
      })),
      hasNextPage: rows.length > limit,
      hasPreviousPage: Boolean(after),
      totalCount: async () => {
        const issue = await em.findOne(IssueSchema, { id: issueId });
        return issue?.commentCount ?? 0;
      },
    };
  }

  /** `work` in the turn of the comment's repository (IssueService.inTurn). */
  private async inTurn<T>(commentId: string, work: (tx: EntityManager) => Promise<T>) {
    const [row] = await this.em
      .fork()
      .execute<{ issue_id: string }[]>('select issue_id from comments where id = ?', [commentId]);
    return row ? this.issues.inTurn(row.issue_id, work) : this.transact(work);
  }

  private async loadForWrite(
    tx: EntityManager,
    viewer: Viewer,
    id: string,
  ): Promise<{ comment: Comment; issue: Issue }> {
    const comment = await tx.findOne(CommentSchema, { id });
    const issue = comment && (await tx.findOne(IssueSchema, { id: comment.issueId }));
    // A comment in a repository the viewer cannot read does not exist for them: the answer
    // names neither the repository nor whether the comment exists.
    if (!comment || !issue) throw notFound(`Comment ${id}`);
    await requireLevel(
      this.issues.permissions,
      viewer,
      issue.repository,
      `Comment ${id}`,
      (level) => atLeast(level, 'write') || sameLogin(viewer.login, comment.author),
      'Only the author or a user with write access may change this comment',
    );
    return { comment, issue };
  }
}
