import { builder } from './builder';
import { usersPage } from './collaborator';
import { RepositoryPermissionEnum } from './enums';
import { OrganizationRef, RepositoryConnection, TeamRef, UserConnection } from './refs';

TeamRef.implement({
  description: "A team of an organization: its members get the team's level on its repositories",
  fields: (t) => ({
    id: t.id({ resolve: (team) => String(team.id) }),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    permission: t.field({
      type: RepositoryPermissionEnum,
      description: 'READ, WRITE or ADMIN (the Owners team: ADMIN)',
      resolve: (team) => team.permission,
    }),
    includesAllRepositories: t.exposeBoolean('includesAllRepositories'),
    organization: t.field({
      type: OrganizationRef,
      resolve: (team, _args, ctx) => ctx.organizations.get(team.organization),
    }),
    members: t.field({
      type: UserConnection,
      args: { first: t.arg.int({ defaultValue: 20 }), after: t.arg.string() },
      resolve: async (team, args, ctx) =>
        usersPage(await ctx.organizations.teamMembers(team, args)),
    }),
    repositories: t.field({
      type: RepositoryConnection,
      description: 'The repositories it gives access to, those the viewer may see',
      args: { first: t.arg.int({ defaultValue: 20 }), after: t.arg.string() },
      resolve: (team, args, ctx) => ctx.organizations.teamRepositories(team, args),
    }),
  }),
});

const CreateTeamInput = builder.inputType('CreateTeamInput', {
  fields: (t) => ({
    organization: t.string({ required: true }),
    name: t.string({ required: true, description: '1-255 of A-Z a-z 0-9 . _ -' }),
    permission: t.field({
      type: RepositoryPermissionEnum,
      required: true,
      description: 'READ, WRITE or ADMIN',
    }),
    description: t.string(),
    includesAllRepositories: t.boolean({ defaultValue: false }),
  }),
});

const TeamMemberInput = builder.inputType('TeamMemberInput', {
  fields: (t) => ({
    organization: t.string({ required: true }),
    team: t.string({ required: true, description: "The team's name" }),
    login: t.string({ required: true }),
  }),
});

const TeamRepositoryInput = builder.inputType('TeamRepositoryInput', {
  fields: (t) => ({
    organization: t.string({ required: true }),
    team: t.string({ required: true, description: "The team's name" }),
    repository: t.string({ required: true, description: '"org/name" or "name"' }),
  }),
});

builder.mutationFields((t) => ({
  createTeam: t.field({
    type: TeamRef,
    description: 'Organization owners only; CONFLICT when the name is taken',
    args: { input: t.arg({ type: CreateTeamInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.organizations.createTeam(input),
  }),
  addTeamMember: t.field({
    type: TeamRef,
    description: "Organization owners only; the member gets the team's level at once",
    args: { input: t.arg({ type: TeamMemberInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.organizations.changeMember(input, true),
  }),
  removeTeamMember: t.field({
    type: TeamRef,
    description: "Organization owners only; the member loses the team's access at once",
    args: { input: t.arg({ type: TeamMemberInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.organizations.changeMember(input, false),
  }),
  addTeamRepository: t.field({
    type: TeamRef,
    description: 'An owner or team member who is ADMIN of the repository',
    args: { input: t.arg({ type: TeamRepositoryInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.organizations.changeRepository(input, true),
  }),
  removeTeamRepository: t.field({
    type: TeamRef,
    description: 'An owner or team member who is ADMIN of the repository',
    args: { input: t.arg({ type: TeamRepositoryInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.organizations.changeRepository(input, false),
  }),
}));
