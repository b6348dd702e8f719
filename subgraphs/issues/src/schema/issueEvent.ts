import { DomainError } from '@gitforge/errors';
import type { IssuesContext } from '../context';
import { encodeEventCursor } from '../services/eventCursor';
import type { DeliveredIssueEvent } from '../services/IssueEventBus';
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
    'ASSIGNED',
    'UNASSIGNED',
  ] as const,
});

const IssueEventRef = builder.objectRef<DeliveredIssueEvent>('IssueEvent').implement({
  description: 'A change to an issue, delivered live to `issueEvents` subscribers',
  fields: (t) => ({
    id: t.exposeID('id'),
    cursor: t.string({
      description:
        "Opaque position of this event in its repository's event stream; pass it as `after` to resume.",
      resolve: (e) => encodeEventCursor(e.repository, e.sequence),
    }),
    repositoryPublic: t.boolean({
      inaccessible: true,
      description:
        "Internal (not in the gateway's API schema): whether the repository was public when the event was delivered.",
      resolve: (e) => e.repositoryPublic,
    }),
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
      'Issues of one repository being created, updated, closed, reopened, commented on, ' +
      'assigned or unassigned, and their comments edited or deleted, in commit order. ' +
      'NOT_FOUND when the repository may not be read; events stop while access is lost. ' +
      '`after`: replay the events after this cursor, then continue live: no gap, no duplicate. ' +
      'CURSOR_EXPIRED when older than retention; BAD_USER_INPUT when malformed or of another repository.',
    args: {
      repository: t.arg.string({ required: true, description: '"owner/name"' }),
      after: t.arg.string({ description: 'The `cursor` of the last event seen' }),
    },
    subscribe: (_root, args, ctx) =>
      ctx.events.subscribe(ctx.viewer, args.repository, { after: args.after, feed: ctx.feed }),
    resolve: (event) => event,
  }),
);

function requireFeedToken(ctx: IssuesContext): void {
  if (!ctx.feed) throw new DomainError('FORBIDDEN', 'Only the gateway may subscribe to this');
}

const RepositoryAccessChangeRef = builder
  .objectRef<{ repository: string }>('RepositoryAccessChange')
  .implement({
    inaccessible: true,
    description: 'Internal: a repository whose access facts this subgraph just dropped',
    fields: (t) => ({ repository: t.exposeString('repository') }),
  });

builder.subscriptionField('repositoryAccessChanges', (t) =>
  t.field({
    type: RepositoryAccessChangeRef,
    inaccessible: true,
    description:
      'Internal, feed token only: the name of every repository whose access facts changed ' +
      '(visibility, deletion, later membership), emitted right after this subgraph dropped its ' +
      'cached answers for it.',
    subscribe: (_root, _args, ctx) => {
      requireFeedToken(ctx);
      return ctx.accessChanges.subscribe();
    },
    resolve: (change) => change,
  }),
);

const IssueEventsAccessRef = builder
  .objectRef<{ readable: boolean; public: boolean }>('IssueEventsAccess')
  .implement({
    inaccessible: true,
    description: "Internal: may the caller read a repository's events now",
    fields: (t) => ({
      readable: t.exposeBoolean('readable'),
      public: t.exposeBoolean('public', { description: 'Anyone may' }),
    }),
  });

builder.queryField('issueEventsAccess', (t) =>
  t.field({
    type: IssueEventsAccessRef,
    inaccessible: true,
    description:
      "Internal: may the CALLER (the viewer of the Authorization header; anonymous without one) read the repository's events now; public = anyone may. FORBIDDEN for the feed token.",
    args: { repository: t.arg.string({ required: true, description: '"owner/name"' }) },
    // Not through ctx.access: it remembers one answer per repository for the request's viewer.
    resolve: (_root, args, ctx) => ctx.events.accessOf(ctx.viewer, args.repository),
  }),
);
