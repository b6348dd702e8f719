import { builder } from './builder';
import { usersPage } from './collaborator';
import { OrganizationRef, RepositoryConnection, TeamConnection, UserConnection } from './refs';

OrganizationRef.implement({
  description: 'A Gitea organization: owns repositories, has teams of members',
  fields: (t) => ({
    login: t.exposeString('login'),
    fullName: t.exposeString('fullName', { nullable: true }),
    description: t.exposeString('description', { nullable: true }),
    avatarUrl: t.exposeString('avatarUrl', { nullable: true }),
    members: t.field({
      type: UserConnection,
      description: 'Every member, to signed-in viewers Gitea shows them to (members); else none',
      args: { first: t.arg.int({ defaultValue: 20 }), after: t.arg.string() },
      resolve: async (org, args, ctx) => usersPage(await ctx.organizations.members(org, args)),
    }),
    teams: t.field({
      type: TeamConnection,
      description: 'Its teams, to members of the organization (and site admins); else none',
      args: { first: t.arg.int({ defaultValue: 20 }), after: t.arg.string() },
      resolve: (org, args, ctx) => ctx.organizations.teams(org, args),
    }),
    repositories: t.field({
      type: RepositoryConnection,
      description: 'Its repositories the viewer may see',
      args: { first: t.arg.int({ defaultValue: 20 }), after: t.arg.string() },
      resolve: (org, args, ctx) => ctx.organizations.repositories(org, args),
    }),
    viewerIsOwner: t.boolean({
      description: 'The viewer is in its Owners team, or a site admin',
      resolve: (org, _args, ctx) => ctx.organizations.viewerIsOwner(org),
    }),
    viewerCanCreateRepository: t.boolean({
      description: 'createRepository with this owner would be allowed',
      resolve: (org, _args, ctx) => ctx.organizations.viewerCanCreateRepository(org),
    }),
  }),
});

builder.asEntity(OrganizationRef, {
  key: builder.selection<{ login: string }>('login'),
  resolveReference: (ref, ctx) => ctx.organizations.find(ref.login),
});

const CreateOrganizationInput = builder.inputType('CreateOrganizationInput', {
  fields: (t) => ({
    login: t.string({ required: true, description: "Gitea's user name rules" }),
    fullName: t.string({ description: 'At most 100 characters' }),
    description: t.string({ description: 'At most 255 characters' }),
  }),
});

builder.queryFields((t) => ({
  organization: t.field({
    type: OrganizationRef,
    nullable: true,
    description: 'Null with a NOT_FOUND error when it does not exist or the viewer may not see it',
    args: { login: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => ctx.organizations.get(args.login),
  }),
}));

builder.mutationFields((t) => ({
  createOrganization: t.field({
    type: OrganizationRef,
    description:
      'The viewer becomes its owner; CONFLICT when the name is taken (user or organization)',
    args: { input: t.arg({ type: CreateOrganizationInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.organizations.create(input),
  }),
}));
