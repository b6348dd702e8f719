import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { futureSession, graphqlError, renderRoute, type Handler } from '../../test/fakeGateway';
import { connection, repositoryRow } from '../../test/permissionFixtures';

const devs = (members: string[], repositories: string[]) => ({
  __typename: 'Team',
  id: 'team-devs',
  name: 'devs',
  description: 'Developers',
  permission: 'WRITE',
  includesAllRepositories: false,
  members: connection(
    'UserConnection',
    members.map((login) => ({ __typename: 'User', login })),
  ),
  repositories: connection(
    'RepositoryConnection',
    repositories.map((r) => repositoryRow(r)),
  ),
});

/** acme has the teams Owners then devs; the page asks for devs as the page after Owners. */
function teamHandlers(
  owner: boolean,
  state: () => { members: string[]; repositories: string[] },
): Record<string, Handler> {
  const directory = [
    { name: 'Owners', cursor: 'c-owners' },
    { name: 'devs', cursor: 'c-devs' },
  ];
  return {
    TeamDirectory: () => ({
      data: {
        organization: {
          __typename: 'Organization',
          login: 'acme',
          fullName: 'Acme',
          viewerIsOwner: owner,
          teams: {
            __typename: 'TeamConnection',
            edges: directory.map((t) => ({
              __typename: 'TeamEdge',
              cursor: t.cursor,
              node: { __typename: 'Team', id: `team-${t.name}`, name: t.name },
            })),
          },
        },
      },
    }),
    Team: (v) => {
      const { members, repositories } = state();
      const nodes = v.after === 'c-owners' ? [devs(members, repositories)] : [];
      return {
        data: {
          organization: {
            __typename: 'Organization',
            login: 'acme',
            teams: { __typename: 'TeamConnection', nodes },
          },
        },
      };
    },
  };
}

const teamResult = (field: string) => ({
  data: { [field]: { __typename: 'Team', id: 'team-devs' } },
});

describe('team page', () => {
  it('shows members and repositories without controls to a member', async () => {
    renderRoute(
      '/org/acme/teams/devs',
      teamHandlers(false, () => ({ members: ['bob'], repositories: ['acme/api'] })),
      { session: futureSession },
    );
    const members = await screen.findByRole('list', { name: 'Team members' });
    expect(within(members).getByText('bob')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'acme/api' })).toBeTruthy();
    expect(screen.getByText('Write')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Remove/ })).toBeNull();
    expect(screen.queryByRole('form', { name: 'Add member' })).toBeNull();
    expect(screen.queryByRole('form', { name: 'Add repository' })).toBeNull();
  });

  it('lets an owner add and remove members and repositories', async () => {
    let members = ['bob'];
    let repositories = ['acme/api'];
    const sent: { op: string; variables: unknown }[] = [];
    const handlers: Record<string, Handler> = {
      ...teamHandlers(true, () => ({ members, repositories })),
      OrganizationTeams: () => graphqlError('NOT_FOUND'),
      AddTeamMember: (v) => {
        sent.push({ op: 'addMember', variables: v });
        members = [...members, v.login as string];
        return teamResult('addTeamMember');
      },
      RemoveTeamMember: (v) => {
        sent.push({ op: 'removeMember', variables: v });
        members = members.filter((m) => m !== v.login);
        return teamResult('removeTeamMember');
      },
      AddTeamRepository: (v) => {
        sent.push({ op: 'addRepository', variables: v });
        repositories = [...repositories, `acme/${v.repository as string}`];
        return teamResult('addTeamRepository');
      },
      RemoveTeamRepository: (v) => {
        sent.push({ op: 'removeRepository', variables: v });
        repositories = repositories.filter((r) => r !== v.repository);
        return teamResult('removeTeamRepository');
      },
    };
    renderRoute('/org/acme/teams/devs', handlers, { session: futureSession });

    const addMember = await screen.findByRole('form', { name: 'Add member' });
    await userEvent.type(within(addMember).getByLabelText('Login'), 'carol');
    await userEvent.click(within(addMember).getByRole('button', { name: 'Add member' }));
    await screen.findByRole('button', { name: 'Remove carol' });

    await userEvent.click(screen.getByRole('button', { name: 'Remove bob' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Remove bob' })).toBeNull());

    const addRepository = screen.getByRole('form', { name: 'Add repository' });
    await userEvent.type(within(addRepository).getByLabelText('Repository'), 'web');
    await userEvent.click(within(addRepository).getByRole('button', { name: 'Add repository' }));
    await screen.findByRole('link', { name: 'acme/web' });
    await userEvent.click(screen.getByRole('button', { name: 'Remove acme/api' }));
    await waitFor(() => expect(screen.queryByRole('link', { name: 'acme/api' })).toBeNull());

    const target = { organization: 'acme', team: 'devs' };
    expect(sent).toEqual([
      { op: 'addMember', variables: { ...target, login: 'carol' } },
      { op: 'removeMember', variables: { ...target, login: 'bob' } },
      { op: 'addRepository', variables: { ...target, repository: 'web' } },
      { op: 'removeRepository', variables: { ...target, repository: 'acme/api' } },
    ]);
  });

  it('shows an error from adding a member next to the form', async () => {
    renderRoute(
      '/org/acme/teams/devs',
      {
        ...teamHandlers(true, () => ({ members: [], repositories: [] })),
        AddTeamMember: () => graphqlError('NOT_FOUND', 'No user nobody'),
      },
      { session: futureSession },
    );
    const form = await screen.findByRole('form', { name: 'Add member' });
    await userEvent.type(within(form).getByLabelText('Login'), 'nobody');
    await userEvent.click(within(form).getByRole('button', { name: 'Add member' }));
    expect((await within(form).findByRole('alert')).textContent).toContain('No user nobody');
  });

  it('says so when the organization has no such team', async () => {
    const { calls } = renderRoute(
      '/org/acme/teams/ghosts',
      teamHandlers(false, () => ({ members: [], repositories: [] })),
    );
    expect(await screen.findByText('Team not found')).toBeTruthy();
    expect(calls.some((c) => c.operationName === 'Team')).toBe(false);
  });
});
