import type { CollaboratorNode } from '../services/CollaboratorService';
import type { Page, UserRecord } from '../services/records';
import { builder } from './builder';
import { PageInfo } from './connection';
import { RepositoryPermissionEnum } from './enums';
import { RepositoryRef, UserConnection, UserRef, type UserShape } from './refs';

/** A service page of users as the schema's User shape (details already known). */
export const usersPage = (page: Page<UserRecord>): Page<UserShape> => ({
  ...page,
  edges: page.edges.map((e) => ({
    cursor: e.cursor,
    node: { login: e.node.login, record: e.node },
  })),
});

const CollaboratorEdge = builder
  .objectRef<{ cursor: string; node: CollaboratorNode }>('CollaboratorEdge')
  .implement({
    fields: (t) => ({
      cursor: t.exposeString('cursor'),
      node: t.field({
        type: UserRef,
        resolve: (edge) => ({ login: edge.node.user.login, record: edge.node.user }),
      }),
      permission: t.field({
        type: RepositoryPermissionEnum,
        description: "The collaborator's level on the repository (teams and ownership included)",
        resolve: (edge, _args, ctx) =>
          ctx.collaborators.levelOf(edge.node.repository, edge.node.user.login),
      }),
    }),
  });

const CollaboratorConnection = builder
  .objectRef<Page<CollaboratorNode>>('CollaboratorConnection')
  .implement({
    fields: (t) => ({
      edges: t.field({ type: [CollaboratorEdge], resolve: (page) => page.edges }),
      pageInfo: t.field({ type: PageInfo, resolve: (page) => page as Page<unknown> }),
      totalCount: t.exposeInt('totalCount'),
    }),
  });

builder.objectFields(RepositoryRef, (t) => ({
  collaborators: t.field({
    type: CollaboratorConnection,
    description:
      "Gitea's collaborators of the repository, to signed-in readers (UNAUTHENTICATED otherwise)",
    args: { first: t.arg.int({ defaultValue: 20 }), after: t.arg.string() },
    resolve: (repo, args, ctx) => ctx.collaborators.collaborators(repo, args),
  }),
  assignableUsers: t.field({
    type: UserConnection,
    description: "Users issues may be assigned to: WRITE or above (Gitea's assignees)",
    args: { first: t.arg.int({ defaultValue: 50 }), after: t.arg.string() },
    resolve: async (repo, args, ctx) =>
      usersPage(await ctx.collaborators.assignableUsers(repo, args)),
  }),
}));

const AddCollaboratorInput = builder.inputType('AddCollaboratorInput', {
  fields: (t) => ({
    repository: t.string({ required: true, description: '"owner/name"' }),
    login: t.string({ required: true }),
    permission: t.field({
      type: RepositoryPermissionEnum,
      required: true,
      description: 'READ, WRITE or ADMIN',
    }),
  }),
});

const RemoveCollaboratorInput = builder.inputType('RemoveCollaboratorInput', {
  fields: (t) => ({
    repository: t.string({ required: true, description: '"owner/name"' }),
    login: t.string({ required: true }),
  }),
});

builder.mutationFields((t) => ({
  addCollaborator: t.field({
    type: RepositoryRef,
    description:
      'Adds a collaborator or changes their level; ADMIN of the repository only. Takes effect at once everywhere',
    args: { input: t.arg({ type: AddCollaboratorInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.collaborators.add(input),
  }),
  removeCollaborator: t.field({
    type: RepositoryRef,
    description:
      'Removes a collaborator; ADMIN of the repository only. Their access ends at once everywhere',
    args: { input: t.arg({ type: RemoveCollaboratorInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.collaborators.remove(input),
  }),
}));
