import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { futureSession, graphqlError, renderRoute, type Handler } from '../test/fakeGateway';
import { organization } from '../test/permissionFixtures';

const created = (owner: string, name: string) => ({
  data: {
    createRepository: {
      __typename: 'Repository',
      fullName: `${owner}/${name}`,
      name,
      owner: { __typename: 'User', login: owner },
      private: false,
    },
  },
});

function gateway(extra: Record<string, Handler>): Record<string, Handler> {
  return {
    OwnerCheck: (v) => {
      const login = v.login as string;
      if (login === 'acme')
        return { data: { organization: organization('acme', { canCreate: true }) } };
      if (login === 'readonly') {
        return { data: { organization: organization('readonly', { canCreate: false }) } };
      }
      return { ...graphqlError('NOT_FOUND'), data: { organization: null } };
    },
    // Where a created repository leads: not under test here.
    RepositoryHeader: () => graphqlError('NOT_FOUND'),
    OpenIssueCount: () => graphqlError('NOT_FOUND'),
    RepositoryHome: () => graphqlError('NOT_FOUND'),
    ...extra,
  };
}

describe('new repository', () => {
  it('is owned by the viewer by default (no owner sent)', async () => {
    const inputs: unknown[] = [];
    renderRoute(
      '/new',
      gateway({
        CreateRepository: (v) => {
          inputs.push(v.input);
          return created('alice', 'notes');
        },
      }),
      { session: futureSession },
    );
    expect(await screen.findByRole('combobox', { name: 'Owner' })).toHaveProperty('value', 'alice');
    await userEvent.type(screen.getByLabelText('Name'), 'notes');
    await userEvent.click(screen.getByRole('button', { name: 'Create repository' }));
    await waitFor(() =>
      expect(inputs).toEqual([{ name: 'notes', description: '', private: false }]),
    );
  });

  it('creates in the organization of ?owner= and shows QUOTA_EXCEEDED clearly', async () => {
    const inputs: unknown[] = [];
    renderRoute(
      '/new?owner=acme',
      gateway({
        CreateRepository: (v) => {
          inputs.push(v.input);
          return graphqlError('QUOTA_EXCEEDED', 'acme has 100 of 100 repositories');
        },
      }),
      { session: futureSession },
    );
    expect(await screen.findByRole('combobox', { name: 'Owner' })).toHaveProperty('value', 'acme');
    await screen.findByText('Owned by the organization acme.');
    await userEvent.type(screen.getByLabelText('Name'), 'api');
    await userEvent.click(screen.getByRole('button', { name: 'Create repository' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Quota exceeded.');
    expect(alert.textContent).toContain('acme has 100 of 100 repositories');
    expect(alert.textContent).toContain('(QUOTA_EXCEEDED)');
    expect(inputs).toEqual([{ name: 'api', description: '', private: false, owner: 'acme' }]);
    expect(screen.getByLabelText('Name')).toHaveProperty('value', 'api');
  });

  it('refuses an organization the viewer may not create in, before submitting', async () => {
    renderRoute('/new', gateway({ CreateRepository: () => created('x', 'y') }), {
      session: futureSession,
    });
    await userEvent.selectOptions(
      await screen.findByRole('combobox', { name: 'Owner' }),
      'Another organization…',
    );
    await userEvent.type(screen.getByLabelText('Organization'), 'readonly');
    expect((await screen.findByRole('alert')).textContent).toBe(
      'You may not create repositories in readonly.',
    );
    expect(screen.getByRole('button', { name: 'Create repository' })).toHaveProperty(
      'disabled',
      true,
    );

    await userEvent.clear(screen.getByLabelText('Organization'));
    await userEvent.type(screen.getByLabelText('Organization'), 'acme');
    await screen.findByText('Owned by the organization acme.');
    expect(screen.getByRole('button', { name: 'Create repository' })).toHaveProperty(
      'disabled',
      false,
    );
  });

  it('shows FORBIDDEN from the API clearly', async () => {
    renderRoute(
      '/new?owner=acme',
      gateway({
        CreateRepository: () =>
          graphqlError('FORBIDDEN', 'You may not create repositories in acme'),
      }),
      { session: futureSession },
    );
    await screen.findByText('Owned by the organization acme.');
    await userEvent.type(screen.getByLabelText('Name'), 'api');
    await userEvent.click(screen.getByRole('button', { name: 'Create repository' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('You do not have permission to do this.');
    expect(alert.textContent).toContain('(FORBIDDEN)');
  });
});

describe('new organization', () => {
  it('creates one and opens its page', async () => {
    const sent: unknown[] = [];
    renderRoute(
      '/org/new',
      {
        CreateOrganization: (v) => {
          sent.push(v);
          return {
            data: {
              createOrganization: {
                __typename: 'Organization',
                login: 'acme',
                fullName: 'Acme',
                description: null,
                viewerIsOwner: true,
              },
            },
          };
        },
        Owner: () => ({
          data: { organization: organization('acme', { owner: true }), viewer: null },
        }),
        OrganizationRepositories: () => graphqlError('UPSTREAM_UNAVAILABLE'),
      },
      { session: futureSession },
    );
    await userEvent.type(await screen.findByLabelText('Organization name'), 'acme');
    await userEvent.type(screen.getByLabelText(/Display name/), 'Acme');
    await userEvent.click(screen.getByRole('button', { name: 'Create organization' }));
    expect(await screen.findByRole('heading', { name: 'acme Inc.' })).toBeTruthy();
    expect(sent).toEqual([{ login: 'acme', fullName: 'Acme', description: null }]);
  });

  it('shows a taken name (CONFLICT) on the field', async () => {
    renderRoute(
      '/org/new',
      {
        CreateOrganization: () => ({
          errors: [
            {
              message: 'The name acme is taken',
              extensions: { code: 'CONFLICT', field: 'login' },
            },
          ],
          data: null,
        }),
      },
      { session: futureSession },
    );
    await userEvent.type(await screen.findByLabelText('Organization name'), 'acme');
    await userEvent.click(screen.getByRole('button', { name: 'Create organization' }));
    expect(await screen.findByText('The name acme is taken')).toBeTruthy();
    expect(screen.getByLabelText('Organization name').getAttribute('aria-invalid')).toBe('true');
  });

  it('sends the signed-out to sign in', async () => {
    renderRoute('/org/new', {});
    expect(await screen.findByRole('button', { name: /Sign in/ })).toBeTruthy();
  });
});
