import { notFound } from '@gitforge/errors';
import type { IssuesContext } from '../context';
import type { Comment } from '../db/entities';
import { mayModify } from '../services/permissionRules';
import { builder } from './builder';
import { CommentRef, IssueRef } from './refs';
import { UserRef, userOf } from './user';

CommentRef.implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    issue: t.field({
      type: IssueRef,
      resolve: async (c, _a, ctx) => {
        const issue = await ctx.loaders.issueById.load(c.issueId);
        if (!issue) throw notFound(`Issue ${c.issueId}`);
        return issue;
      },
    }),
    author: t.field({ type: UserRef, resolve: (c) => userOf(c.author) }),
    body: t.exposeString('body'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    viewerCanUpdate: t.boolean({
      description: 'The viewer may edit the comment (author, or write access)',
      resolve: (c, _a, ctx) => viewerMayModify(ctx, c),
    }),
    viewerCanDelete: t.boolean({
      description: 'The viewer may delete the comment (author, or write access)',
      resolve: (c, _a, ctx) => viewerMayModify(ctx, c),
    }),
  }),
});

/** As CommentService.loadForWrite decides; the issues batched, the level asked once per repository. */
async function viewerMayModify(ctx: IssuesContext, comment: Comment): Promise<boolean> {
  if (!ctx.viewer) return false;
  const issue = await ctx.loaders.issueById.load(comment.issueId);
  return issue !== null && mayModify(ctx.access, ctx.viewer, issue.repository, comment.author);
}

builder.asEntity(CommentRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: (ref, ctx) => ctx.comments.get(ctx.viewer, ref.id),
});

builder.queryField('comment', (t) =>
  t.field({
    type: CommentRef,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => ctx.comments.get(ctx.viewer, String(args.id)),
  }),
);

const AddCommentInput = builder.inputType('AddCommentInput', {
  fields: (t) => ({ issueId: t.id({ required: true }), body: t.string({ required: true }) }),
});
const UpdateCommentInput = builder.inputType('UpdateCommentInput', {
  fields: (t) => ({ id: t.id({ required: true }), body: t.string({ required: true }) }),
});
const DeleteCommentInput = builder.inputType('DeleteCommentInput', {
  fields: (t) => ({ id: t.id({ required: true }) }),
});

const DeleteCommentPayload = builder
  .objectRef<{ id: string; issueId: string }>('DeleteCommentPayload')
  .implement({
    fields: (t) => ({
      id: t.exposeID('id'),
      issue: t.field({
        type: IssueRef,
        resolve: (p, _a, ctx) => ctx.issues.getById(ctx.viewer, p.issueId),
      }),
    }),
  });

builder.mutationFields((t) => ({
  addComment: t.field({
    type: CommentRef,
    args: { input: t.arg({ type: AddCommentInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      ctx.comments.add(ctx.viewer, String(input.issueId), input.body),
  }),
  updateComment: t.field({
    type: CommentRef,
    args: { input: t.arg({ type: UpdateCommentInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      ctx.comments.update(ctx.viewer, String(input.id), input.body),
  }),
  deleteComment: t.field({
    type: DeleteCommentPayload,
    args: { input: t.arg({ type: DeleteCommentInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.comments.delete(ctx.viewer, String(input.id)),
  }),
}));
