import { builder } from './builder';
import { IssueRef } from './refs';

const AssignIssueInput = builder.inputType('AssignIssueInput', {
  fields: (t) => ({
    id: t.id({ required: true, description: 'The issue' }),
    login: t.string({ required: true, description: 'A user with write access' }),
  }),
});

const UnassignIssueInput = builder.inputType('UnassignIssueInput', {
  fields: (t) => ({
    id: t.id({ required: true, description: 'The issue' }),
    login: t.string({ required: true }),
  }),
});

builder.mutationFields((t) => ({
  assignIssue: t.field({
    type: IssueRef,
    description:
      'Assigns a user with write access (at most 10 per issue). Needs write access; FORBIDDEN ' +
      'for other readers, NOT_FOUND when the issue may not be read, BAD_USER_INPUT when the ' +
      'user cannot be assigned.',
    args: { input: t.arg({ type: AssignIssueInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      ctx.assignees.assign(ctx.viewer, String(input.id), input.login),
  }),
  unassignIssue: t.field({
    type: IssueRef,
    description: 'Removes an assignee (nothing when not assigned). Needs write access.',
    args: { input: t.arg({ type: UnassignIssueInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      ctx.assignees.unassign(ctx.viewer, String(input.id), input.login),
  }),
}));
