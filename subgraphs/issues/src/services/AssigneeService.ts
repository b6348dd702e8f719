import type { Viewer } from '@gitforge/auth';
import { DomainError, invalidField } from '@gitforge/errors';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Issue } from '../db/entities';
import { addAssignee, assigneesOf, MAX_ASSIGNEES, removeAssignee } from './assigneeStore';
import { noIssueEvents, type IssueEventSink } from './IssueEventBus';
import type { IssueEvent } from './issueEvents';
import { appendIssueEvent, issueSnapshot } from './issueOutbox';
import { requireViewer, type IssueService } from './IssueService';
import { requireLevel } from './permissionRules';
import { atLeast, type AssigneeCheck } from './repositoryAccess';
import { validateId } from './validation';

const WRITE_NEEDED = 'Assigning needs write access to the repository';

const LOGIN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function validateLogin(login: string): string {
  const trimmed = login.trim();
  if (!LOGIN.test(trimmed)) throw invalidField('login', 'is not a user name');
  return trimmed;
}

/**
 * assignIssue / unassignIssue: WRITE and above only; an assignee must be one of the
 * repository's assignable users (Gitea's: WRITE and above), at most 10 per issue. Each change
 * is committed with its ASSIGNED / UNASSIGNED event; doing what is already done changes nothing
 * and writes no event.
 */
export class AssigneeService {
  constructor(
    private readonly issues: IssueService,
    private readonly check: AssigneeCheck,
    private readonly events: IssueEventSink = noIssueEvents,
  ) {}

  async assign(viewer: Viewer | null, id: string, login: string): Promise<Issue> {
    const user = requireViewer(viewer);
    const issueId = validateId('id', id);
    const wanted = validateLogin(login);
    // Refused before anything else is asked (NOT_FOUND / FORBIDDEN), as in the transaction below.
    const target = await this.issues.getById(user, issueId);
    await requireLevel(
      this.issues.permissions,
      user,
      target.repository,
      `Issue ${issueId}`,
      (level) => atLeast(level, 'write'),
      WRITE_NEEDED,
    );
    // Asked outside the transaction (a call to the repository subgraph), with the viewer's identity.
    const [assignable] = await this.check.assignable(user, target.repository, [wanted]);
    if (!assignable) {
      throw invalidField('login', `${wanted} cannot be assigned: needs write access`);
    }
    return this.change(
      user,
      issueId,
      async (tx, issue) => {
        const current = await assigneesOf(tx, issue.id);
        if (current.some((a) => a.toLowerCase() === assignable.toLowerCase())) return false;
        if (current.length >= MAX_ASSIGNEES) {
          throw new DomainError(
            'BAD_USER_INPUT',
            `An issue has at most ${MAX_ASSIGNEES} assignees`,
            'login',
          );
        }
        return addAssignee(tx, issue.id, assignable, new Date());
      },
      'ASSIGNED',
    );
  }

  async unassign(viewer: Viewer | null, id: string, login: string): Promise<Issue> {
    const user = requireViewer(viewer);
    const issueId = validateId('id', id);
    const wanted = validateLogin(login);
    return this.change(
      user,
      issueId,
      (tx, issue) => removeAssignee(tx, issue.id, wanted),
      'UNASSIGNED',
    );
  }

  private async change(
    user: Viewer,
    issueId: string,
    apply: (tx: EntityManager, issue: Issue) => Promise<boolean>,
    action: 'ASSIGNED' | 'UNASSIGNED',
  ): Promise<Issue> {
    const { issue, event } = await this.issues.inTurn(issueId, async (tx) => {
      // Checked again in the transaction: access may have changed since.
      const { issue } = await this.issues.loadForWrite(tx, user, issueId, { authorMay: false });
      if (!(await apply(tx, issue))) return { issue, event: undefined };
      issue.updatedAt = new Date();
      await tx.flush();
      const event: IssueEvent = await appendIssueEvent(tx, {
        action,
        actor: user.login,
        issue: await issueSnapshot(tx, issue),
      });
      return { issue, event };
    });
    if (event) await this.events.published(event);
    return issue;
  }
}
