import type { IssueEvent } from '../services/issueEvents';
import { builder } from './builder';
import { CommentRef, IssueRef } from './refs';
import { UserRef, userOf } from './user';

const IssueEventActionEnum = builder.enumType('IssueEventAction', {
  values: [
    'CREATED',
    'UPDATED',
    'CLOSED',
    'REOPENED',
    'COMMENTED',
    'COMMENT_EDITED',
    'COMMENT_DELETED',
  ] as const,
});

const IssueEventRef = builder.objectRef<IssueEvent>('IssueEvent').implement({
  description: 'A change to an issue, delivered live to `issueEvents` subscribers',
  fields: (t) => ({
    id: t.exposeID('id'),
    action: t.field({ type: IssueEventActionEnum, resolve: (e) => e.action }),
    issue: t.field({
      type: IssueRef,
      description: 'The issue as it was right after the change',
      resolve: (e) => e.issue,
    }),
    comment: t.field({
      type: CommentRef,
      nullable: true,
      description:
        'The comment: new (COMMENTED), as edited (COMMENT_EDITED) or as it was before deletion (COMMENT_DELETED)',
      resolve: (e) => e.comment,
    }),
    actor: t.field({ type: UserRef, resolve: (e) => userOf(e.actor) }),
    occurredAt: t.expose('occurredAt', { type: 'DateTime' }),
  }),
});

builder.subscriptionField('issueEvents', (t) =>
  t.field({
    type: IssueEventRef,
    description:
      'Issues of one repository being created, updated, closed, reopened or commented on, and ' +
      'their comments edited or deleted. ' +
      'NOT_FOUND when the repository may not be read; events stop while access is lost.',
    args: { repository: t.arg.string({ required: true, description: '"owner/name"' }) },
    subscribe: (_root, args, ctx) => ctx.events.subscribe(ctx.viewer, args.repository),
    resolve: (event) => event,
  }),
);
