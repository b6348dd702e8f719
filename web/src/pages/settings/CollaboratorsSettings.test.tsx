import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { RepositoryPermission } from '../../gql/graphql';
import { futureSession, graphqlError, renderRoute, type Handler } from '../../test/fakeGateway';
import { repositoryHeader, user } from '../../test/permissionFixtures';
import { atLeast } from './permissionLevels';

type Collaborator = { login: string; permission: RepositoryPermission };

function collaborators(viewerPermission: RepositoryPermission, list: Collaborator[]) {
  return {
    data: {
      repository: {
        __typename: 'Repository',
        fullName: 'demo/hello',
        viewerPermission,
        collaborators: {
          __typename: 'CollaboratorConnection',
          totalCount: list.length,
          edges: list.map((c) => ({
            __typename: 'CollaboratorEdge',
            permission: c.permission,
            node: user(c.login),
          })),
        },
      },
    },
  };
}

function gateway(permission: RepositoryPermission, extra: Record<string, Handler> = {}) {
  return {
    RepositoryHeader: () => repositoryHeader(permission),
    OpenIssueCount: () => ({ data: { issues: { __typename: 'IssueConnection', totalCount: 0 } } }),
    RepositoryCollaborators: () =>
      collaborators(permission, [{ login: 'bob', permission: 'READ' }]),
    ...extra,
  };
}

const repositoryAnswer = (name: string) => ({
  data: { [name]: { __typename: 'Repository', fullName: 'demo/hello' } },
});

describe('levels', () => {
  it('orders NONE < READ < WRITE < ADMIN, unknown as NONE', () => {
    expect(atLeast('WRITE', 'WRITE')).toBe(true);
    expect(atLeast('ADMIN', 'WRITE')).toBe(true);
    expect(atLeast('READ', 'WRITE')).toBe(false);
    expect(atLeast(undefined, 'READ')).toBe(false);
    expect(atLeast('NONE', 'NONE')).toBe(true);
  });
});

describe('repository settings → collaborators', () => {
  it.each(['READ', 'WRITE'] as const)('has no Settings tab for %s', async (permission) => {
    renderRoute(
      '/demo/hello',
      gateway(permission, {
        RepositoryHome: () => graphqlError('NOT_FOUND'),
      }),
      { session: futureSession },
    );
    await screen.findByText('Private');
    const nav = screen.getByRole('navigation', { name: 'Repository' });
    expect(within(nav).queryByRole('link', { name: 'Settings' })).toBeNull();
    expect(within(nav).getByRole('link', { name: 'Code' })).toBeTruthy();
  });

  it('shows the Settings tab to ADMIN', async () => {
    renderRoute(
      '/demo/hello/issues',
      gateway('ADMIN', {
        IssueList: () => graphqlError('UPSTREAM_UNAVAILABLE'),
        IssueEvents: () => graphqlError('UPSTREAM_UNAVAILABLE'),
        AssignableUsers: () => graphqlError('UPSTREAM_UNAVAILABLE'),
      }),
      { session: futureSession },
    );
    const nav = await screen.findByRole('navigation', { name: 'Repository' });
    const settings = await within(nav).findByRole('link', { name: 'Settings' });
    expect(settings.getAttribute('href')).toBe('/demo/hello/settings');
  });

  it('tells a non-admin who opens the URL that only admins manage collaborators', async () => {
    renderRoute('/demo/hello/settings', gateway('WRITE'), { session: futureSession });
    expect(
      await screen.findByText('Only the repository’s admins manage its collaborators'),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Add collaborator' })).toBeNull();
    expect(screen.queryByRole('list', { name: 'Collaborators' })).toBeNull();
  });

  it('lists, adds, changes and removes collaborators as ADMIN', async () => {
    let list: Collaborator[] = [{ login: 'bob', permission: 'READ' }];
    const sent: { op: string; variables: unknown }[] = [];
    renderRoute(
      '/demo/hello/settings',
      gateway('ADMIN', {
        RepositoryCollaborators: () => collaborators('ADMIN', list),
        AddCollaborator: (v) => {
          sent.push({ op: 'add', variables: v });
          const { login, permission } = v as Collaborator;
          list = [...list.filter((c) => c.login !== login), { login, permission }];
          return repositoryAnswer('addCollaborator');
        },
        RemoveCollaborator: (v) => {
          sent.push({ op: 'remove', variables: v });
          list = list.filter((c) => c.login !== v.login);
          return repositoryAnswer('removeCollaborator');
        },
      }),
      { session: futureSession },
    );
    const table = await screen.findByRole('list', { name: 'Collaborators' });
    expect(within(table).getByText('bob')).toBeTruthy();
    expect(within(table).getByRole('combobox', { name: 'Permission of bob' })).toHaveProperty(
      'value',
      'READ',
    );

    await userEvent.type(screen.getByLabelText('Login'), 'carol');
    await userEvent.selectOptions(screen.getByLabelText('Permission'), 'ADMIN');
    await userEvent.click(screen.getByRole('button', { name: 'Add collaborator' }));
    await screen.findByRole('combobox', { name: 'Permission of carol' });
    expect(sent[0]).toEqual({
      op: 'add',
      variables: { repository: 'demo/hello', login: 'carol', permission: 'ADMIN' },
    });
    expect(screen.getByLabelText('Login')).toHaveProperty('value', '');

    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Permission of bob' }),
      'WRITE',
    );
    await waitFor(() =>
      expect(screen.getByRole('combobox', { name: 'Permission of bob' })).toHaveProperty(
        'value',
        'WRITE',
      ),
    );
    expect(sent[1]).toEqual({
      op: 'add',
      variables: { repository: 'demo/hello', login: 'bob', permission: 'WRITE' },
    });

    await userEvent.click(screen.getByRole('button', { name: 'Remove bob' }));
    await waitFor(() => expect(screen.queryByText('bob')).toBeNull());
    expect(sent[2]).toEqual({
      op: 'remove',
      variables: { repository: 'demo/hello', login: 'bob' },
    });
  });

  it('shows FORBIDDEN and NOT_FOUND from adding clearly, and keeps the login', async () => {
    let answer = graphqlError('FORBIDDEN', 'Only admins of demo/hello manage collaborators');
    renderRoute('/demo/hello/settings', gateway('ADMIN', { AddCollaborator: () => answer }), {
      session: futureSession,
    });
    await userEvent.type(await screen.findByLabelText('Login'), 'carol');
    await userEvent.click(screen.getByRole('button', { name: 'Add collaborator' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('You do not have permission to do this.');
    expect(alert.textContent).toContain('Only admins of demo/hello');
    expect(screen.getByLabelText('Login')).toHaveProperty('value', 'carol');

    answer = graphqlError('NOT_FOUND', 'No user carol');
    await userEvent.click(screen.getByRole('button', { name: 'Add collaborator' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('No user carol'));
  });
});
