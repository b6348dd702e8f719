import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { futureSession, graphqlError, renderRoute, type Handler } from '../../test/fakeGateway';
import {
  connection,
  organization,
  quota,
  repositoryRow,
  user,
} from '../../test/permissionFixtures';

const team = (name: string, permission = 'WRITE') => ({
  __typename: 'Team',
  id: `team-${name}`,
  name,
  description: null,
  permission,
  includesAllRepositories: false,
  members: { __typename: 'UserConnection', totalCount: 2 },
  repositories: { __typename: 'RepositoryConnection', totalCount: 1 },
});

function gateway(
  options: Parameters<typeof organization>[1] & { withQuota?: boolean },
  extra: Record<string, Handler> = {},
) {
  const org = organization('acme', options);
  return {
    Owner: () => ({ data: { organization: org, viewer: { ...user('alice'), quota: null } } }),
    OrganizationQuota: () => ({
      data: {
        organization: {
          __typename: 'Organization',
          login: 'acme',
          quota: options.withQuota ? quota(3, 12 * 1024 ** 2) : null,
        },
      },
    }),
    OrganizationRepositories: () => ({
      data: {
        organization: {
          __typename: 'Organization',
          login: 'acme',
          repositories: connection('RepositoryConnection', [repositoryRow('acme/api', true)]),
        },
      },
    }),
    OrganizationMembers: () => ({
      data: {
        organization: {
          __typename: 'Organization',
          login: 'acme',
          members: connection('UserConnection', [user('alice'), user('bob', 'Bob B.')]),
        },
      },
    }),
    OrganizationTeams: () => ({
      data: {
        organization: {
          __typename: 'Organization',
          login: 'acme',
          teams: connection('TeamConnection', [team('Owners', 'ADMIN'), team('devs')]),
        },
      },
    }),
    ...extra,
  };
}

describe('organization page', () => {
  it('shows repositories, members and teams tabs; a member gets no owner controls, no usage', async () => {
    // The usage is a query of its own: its failure leaves the page working.
    const quotaFails = {
      OrganizationQuota: () =>
        graphqlError('GRAPHQL_VALIDATION_FAILED', 'Cannot query field "quota" on "Organization"'),
    };
    renderRoute('/acme', gateway({ owner: false }, quotaFails), { session: futureSession });
    expect(await screen.findByRole('heading', { name: 'acme Inc.' })).toBeTruthy();
    expect(await screen.findByRole('link', { name: 'acme/api' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'New repository' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Usage' })).toBeNull();

    const tabs = screen.getByRole('navigation', { name: 'Organization' });
    await userEvent.click(within(tabs).getByRole('link', { name: 'Members' }));
    const members = await screen.findByRole('list', { name: 'Members' });
    expect(within(members).getByText('Bob B.')).toBeTruthy();

    await userEvent.click(within(tabs).getByRole('link', { name: 'Teams' }));
    const teams = await screen.findByRole('list', { name: 'Teams' });
    expect(within(teams).getByRole('link', { name: 'devs' }).getAttribute('href')).toBe(
      '/org/acme/teams/devs',
    );
    expect(within(teams).getByText('Admin')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'New team' })).toBeNull();
  });

  it('gives owners "New repository", "New team" and the usage against the quota', async () => {
    const created: unknown[] = [];
    renderRoute(
      '/acme?tab=teams',
      gateway(
        { owner: true, withQuota: true },
        {
          CreateTeam: (v) => {
            created.push(v);
            return { data: { createTeam: { ...team('qa', 'READ') } } };
          },
          TeamDirectory: () => ({
            data: {
              organization: {
                ...organization('acme', { owner: true }),
                teams: {
                  __typename: 'TeamConnection',
                  edges: [
                    {
                      __typename: 'TeamEdge',
                      cursor: 'c-qa',
                      node: { __typename: 'Team', id: 'team-qa', name: 'qa' },
                    },
                  ],
                },
              },
            },
          }),
          Team: () => ({
            data: {
              organization: {
                __typename: 'Organization',
                login: 'acme',
                teams: {
                  __typename: 'TeamConnection',
                  nodes: [
                    {
                      ...team('qa', 'READ'),
                      members: connection('UserConnection', []),
                      repositories: connection('RepositoryConnection', []),
                    },
                  ],
                },
              },
            },
          }),
        },
      ),
      { session: futureSession },
    );
    const usage = await screen.findByRole('region', { name: 'Usage' });
    expect(usage.textContent).toContain('3 of 100 repositories, 12 MB of 1 GB');

    await userEvent.click(await screen.findByRole('button', { name: 'New team' }));
    const form = screen.getByRole('form', { name: 'New team' });
    await userEvent.type(within(form).getByLabelText('Team name'), 'qa');
    await userEvent.click(within(form).getByRole('radio', { name: /Read/ }));
    await userEvent.click(within(form).getByRole('button', { name: 'Create team' }));
    await waitFor(() =>
      expect(created).toEqual([
        {
          organization: 'acme',
          name: 'qa',
          permission: 'READ',
          description: null,
          includesAllRepositories: false,
        },
      ]),
    );

    // On the new team's page, then back to the organization.
    expect(await screen.findByRole('heading', { name: 'qa' })).toBeTruthy();
    await userEvent.click(screen.getByRole('link', { name: /acme Inc\. teams/ }));
    await userEvent.click(
      within(screen.getByRole('navigation', { name: 'Organization' })).getByRole('link', {
        name: 'Repositories',
      }),
    );
    const newRepository = await screen.findByRole('link', { name: 'New repository' });
    expect(newRepository.getAttribute('href')).toBe('/new?owner=acme');
  });

  it('shows a FORBIDDEN from "New team" clearly', async () => {
    renderRoute(
      '/acme?tab=teams',
      gateway(
        { owner: true },
        {
          CreateTeam: () => graphqlError('FORBIDDEN', 'Only owners of acme may create teams'),
        },
      ),
      { session: futureSession },
    );
    await userEvent.click(await screen.findByRole('button', { name: 'New team' }));
    await userEvent.type(screen.getByLabelText('Team name'), 'qa');
    await userEvent.click(screen.getByRole('button', { name: 'Create team' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('You do not have permission to do this.');
    expect(alert.textContent).toContain('(FORBIDDEN)');
  });

  it('falls back to a user’s page when the login is no organization, with their usage', async () => {
    renderRoute(
      '/alice',
      {
        Owner: () => ({
          errors: [{ message: 'No organization alice', extensions: { code: 'NOT_FOUND' } }],
          data: {
            organization: null,
            viewer: { ...user('alice'), quota: quota(7, 1536 * 1024 ** 2) },
          },
        }),
        UserRepositories: () => ({
          data: {
            repositories: connection('RepositoryConnection', [repositoryRow('alice/notes')]),
          },
        }),
      },
      { session: futureSession },
    );
    expect(await screen.findByRole('link', { name: 'alice/notes' })).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Usage' }).textContent).toContain(
      '7 of 100 repositories, 1.5 GB of 1 GB',
    );
    expect(screen.queryByRole('navigation', { name: 'Organization' })).toBeNull();
  });

  it('shows nobody else’s usage on a user’s page, and no "New repository" there', async () => {
    renderRoute(
      '/bob',
      {
        Owner: () => ({
          errors: [{ message: 'No organization bob', extensions: { code: 'NOT_FOUND' } }],
          data: {
            organization: null,
            viewer: { ...user('alice'), quota: quota(7, 0) },
          },
        }),
        UserRepositories: () => ({
          data: {
            repositories: connection('RepositoryConnection', [repositoryRow('bob/dotfiles')]),
          },
        }),
      },
      { session: futureSession },
    );
    expect(await screen.findByRole('link', { name: 'bob/dotfiles' })).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Usage' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'New repository' })).toBeNull();
  });
});
