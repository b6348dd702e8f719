import { canAdminister } from '../services/access';
import { builder } from './builder';
import { RepositoryPermissionEnum } from './enums';
import {
  BlobRef,
  BranchConnection,
  CommitConnection,
  RepositoryConnection,
  RepositoryRef,
  TreeEntryRef,
  UserRef,
} from './refs';

RepositoryRef.implement({
  description: 'A Gitea repository, as the viewer may see it',
  fields: (t) => ({
    fullName: t.exposeString('fullName', { description: '"owner/name"' }),
    giteaId: t.exposeInt('giteaId', {
      description:
        "Gitea's repository id; a repository re-created under the same name has a new one. " +
        'For other subgraphs (the issues subgraph tells a re-created repository from the ' +
        'deleted one by it); not part of the public API',
      inaccessible: true,
    }),
    owner: t.field({
      type: UserRef,
      resolve: (repo) => ({ login: repo.owner, record: repo.ownerUser }),
    }),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    private: t.exposeBoolean('private'),
    isEmpty: t.exposeBoolean('empty', { description: 'No commits yet' }),
    defaultBranch: t.exposeString('defaultBranch'),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true }),
    cloneUrl: t.string({
      description: 'Clone and push over HTTP through the GitForge git proxy',
      resolve: (repo, _args, ctx) => `${ctx.publicGitUrl}/${repo.owner}/${repo.name}.git`,
    }),
    viewerPermission: t.field({
      type: RepositoryPermissionEnum,
      description:
        "The viewer's level, from Gitea's `permissions` of the repository as the viewer sees it",
      resolve: (repo) => repo.viewerPermission,
    }),
    viewerCanAdminister: t.boolean({
      description: 'viewerPermission is ADMIN',
      resolve: (repo) => canAdminister(repo),
    }),
    branches: t.field({
      type: BranchConnection,
      args: { first: t.arg.int({ defaultValue: 20 }), after: t.arg.string() },
      resolve: (repo, args, ctx) => ctx.browse.branches(repo, args),
    }),
    commits: t.field({
      type: CommitConnection,
      description:
        'Newest first, from `ref` (default branch when omitted), touching `path` if given',
      args: {
        ref: t.arg.string(),
        path: t.arg.string(),
        first: t.arg.int({ defaultValue: 20 }),
        after: t.arg.string(),
      },
      resolve: (repo, args, ctx) => ctx.browse.commits(repo, args),
    }),
    tree: t.field({
      type: [TreeEntryRef],
      description: 'The entries of the directory at `path` ("" = root), directories first',
      args: { ref: t.arg.string(), path: t.arg.string({ defaultValue: '' }) },
      resolve: (repo, args, ctx) => ctx.browse.tree(repo, args),
    }),
    blob: t.field({
      type: BlobRef,
      nullable: true,
      description: 'The file at `path`; null with a NOT_FOUND error when there is none',
      args: { ref: t.arg.string(), path: t.arg.string({ required: true }) },
      resolve: (repo, args, ctx) => ctx.browse.blob(repo, args),
    }),
  }),
});

builder.asEntity(RepositoryRef, {
  key: builder.selection<{ fullName: string }>('fullName'),
  // Null when it does not exist or the viewer may not see it; Gitea being down is an error.
  resolveReference: (ref, ctx) => ctx.repositories.find(ref.fullName),
});

builder.queryFields((t) => ({
  repositories: t.field({
    type: RepositoryConnection,
    description: 'Repositories the viewer may see, by name; `owner` limits them to one owner',
    args: {
      owner: t.arg.string(),
      search: t.arg.string(),
      first: t.arg.int({ defaultValue: 20 }),
      after: t.arg.string(),
    },
    resolve: (_root, args, ctx) => ctx.repositories.list(args),
  }),
  repository: t.field({
    type: RepositoryRef,
    description: 'NOT_FOUND when it does not exist or the viewer may not see it',
    args: { owner: t.arg.string({ required: true }), name: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => ctx.repositories.get(args.owner, args.name),
  }),
}));

const CreateRepositoryInput = builder.inputType('CreateRepositoryInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: '1-100 of A-Z a-z 0-9 . _ -' }),
    owner: t.string({
      description: 'The viewer (default) or an organization the viewer may create repositories in',
    }),
    description: t.string({ defaultValue: '' }),
    private: t.boolean({ defaultValue: false }),
  }),
});

const DeleteRepositoryInput = builder.inputType('DeleteRepositoryInput', {
  fields: (t) => ({
    owner: t.string({ required: true }),
    name: t.string({ required: true }),
  }),
});

const DeleteRepositoryPayload = builder
  .objectRef<{ fullName: string }>('DeleteRepositoryPayload')
  .implement({ fields: (t) => ({ fullName: t.exposeString('fullName') }) });

builder.mutationFields((t) => ({
  createRepository: t.field({
    type: RepositoryRef,
    description:
      'Creates a repository owned by the viewer or by `owner`, an organization they may create in (FORBIDDEN otherwise, NOT_FOUND for no such organization); CONFLICT when the name is taken',
    args: { input: t.arg({ type: CreateRepositoryInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.repositories.create(input),
  }),
  deleteRepository: t.field({
    type: DeleteRepositoryPayload,
    description:
      'ADMIN only (FORBIDDEN below, NOT_FOUND when not visible). Without GITEA_ADMIN_TOKEN, Gitea lets only owners, organization owners and site admins delete',
    args: { input: t.arg({ type: DeleteRepositoryInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.repositories.delete(input),
  }),
}));
