import { notFound } from '@gitforge/errors';
import { builder } from './builder';
import { IssueClosedReasonEnum, IssueStateEnum, IssueStateReasonEnum } from './enums';
import { issueListArgs } from './issueListArgs';
import { LabelRef } from './label';
import { mayModify } from '../services/permissionRules';
import { readableIssueById, requireReadable } from './readable';
import { CommentConnection, IssueConnection, IssueRef, RepositoryRef } from './refs';
import { nodesSelect } from './selects';
import { UserRef, userOf } from './user';

IssueRef.implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    number: t.exposeInt('number', { description: 'Per-repository number (#1, #2, ...)' }),
    repository: t.field({ type: RepositoryRef, resolve: (i) => ({ fullName: i.repository }) }),
    title: t.exposeString('title'),
    body: t.exposeString('body'),
    state: t.field({ type: IssueStateEnum, resolve: (i) => i.state }),
    stateReason: t.field({
      type: IssueStateReasonEnum,
      nullable: true,
      resolve: (i) => i.stateReason,
    }),
    labels: t.field({
      type: [LabelRef],
      resolve: (i, _a, ctx) => i.labels ?? ctx.loaders.labelsByIssue.load(i.id),
    }),
    author: t.field({ type: UserRef, resolve: (i) => userOf(i.author) }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    closedAt: t.expose('closedAt', { type: 'DateTime', nullable: true }),
    commentCount: t.exposeInt('commentCount'),
    comments: t.field({
      type: CommentConnection,
      args: { first: t.arg.int({ defaultValue: 20 }), after: t.arg.string() },
      resolve: (i, args, ctx) => ctx.comments.list(i.id, args.first, args.after),
    }),
    assignees: t.field({
      type: [UserRef],
      description:
        'Users assigned to the issue (at most 10; users with write access when assigned)',
      resolve: async (i, _a, ctx) =>
        (i.assignees ?? (await ctx.loaders.assigneesByIssue.load(i.id))).map(userOf),
    }),
    // Author or WRITE and above (as IssueService.loadForWrite), without making the service; the
    // level is asked once per repository per request, however many issues the page holds.
    viewerCanUpdate: t.boolean({
      description: 'The viewer may edit the title and body (author, or write access)',
      resolve: (i, _a, { viewer, access }) => mayModify(access, viewer, i.repository, i.author),
    }),
    viewerCanClose: t.boolean({
      description: 'The viewer may close and reopen the issue (author, or write access)',
      resolve: (i, _a, { viewer, access }) => mayModify(access, viewer, i.repository, i.author),
    }),
  }),
});

builder.asEntity(IssueRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: (ref, ctx) => readableIssueById(ctx, ref.id),
});

builder.queryFields((t) => ({
  issues: t.field({
    type: IssueConnection,
    args: { repository: t.arg.string(), ...issueListArgs },
    resolve: async (_root, args, ctx, info) => {
      if (args.repository) await requireReadable(ctx, args.repository);
      return ctx.issueQuery.list(args, { withLabels: nodesSelect(info, 'labels') });
    },
  }),
  issue: t.field({
    type: IssueRef,
    args: { repository: t.arg.string({ required: true }), number: t.arg.int({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const issue = await ctx.issueQuery.byNumber(args.repository, args.number);
      if (!issue || !(await ctx.access.canRead(ctx.viewer, issue.repository))) {
        throw notFound(`Issue ${args.repository}#${args.number}`);
      }
      return issue;
    },
  }),
  issueById: t.field({
    type: IssueRef,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => readableIssueById(ctx, String(args.id)),
  }),
}));

const CreateIssueInput = builder.inputType('CreateIssueInput', {
  fields: (t) => ({
    repository: t.string({ required: true, description: '"owner/name"' }),
    title: t.string({ required: true }),
    body: t.string({ defaultValue: '' }),
    labels: t.stringList({ defaultValue: [] }),
  }),
});

const UpdateIssueInput = builder.inputType('UpdateIssueInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    title: t.string(),
    body: t.string(),
    labels: t.stringList({ description: 'Replaces the labels when given' }),
  }),
});

const CloseIssueInput = builder.inputType('CloseIssueInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    reason: t.field({ type: IssueClosedReasonEnum, defaultValue: 'COMPLETED' }),
  }),
});

const ReopenIssueInput = builder.inputType('ReopenIssueInput', {
  fields: (t) => ({ id: t.id({ required: true }) }),
});

builder.mutationFields((t) => ({
  createIssue: t.field({
    type: IssueRef,
    args: { input: t.arg({ type: CreateIssueInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.issues.create(ctx.viewer, input),
  }),
  updateIssue: t.field({
    type: IssueRef,
    args: { input: t.arg({ type: UpdateIssueInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      ctx.issues.update(ctx.viewer, { ...input, id: String(input.id) }),
  }),
  closeIssue: t.field({
    type: IssueRef,
    args: { input: t.arg({ type: CloseIssueInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      ctx.issues.close(ctx.viewer, String(input.id), input.reason ?? 'COMPLETED'),
  }),
  reopenIssue: t.field({
    type: IssueRef,
    args: { input: t.arg({ type: ReopenIssueInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.issues.reopen(ctx.viewer, String(input.id)),
  }),
}));
