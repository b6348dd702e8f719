import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { graphqlError, renderRoute } from '../test/fakeGateway';

const repo = (owner: string, name: string, isPrivate = false) => ({
  __typename: 'Repository',
  fullName: `${owner}/${name}`,
  name,
  owner: { __typename: 'User', login: owner },
  description: `${name} description`,
  private: isPrivate,
  updatedAt: new Date().toISOString(),
});

const connection = (nodes: ReturnType<typeof repo>[], hasNextPage = false) => ({
  data: {
    repositories: {
      __typename: 'RepositoryConnection',
      totalCount: nodes.length,
      pageInfo: { __typename: 'PageInfo', hasNextPage, endCursor: hasNextPage ? 'c1' : null },
      nodes,
    },
  },
});

describe('RepositoriesPage', () => {
  it('lists, searches and pages', async () => {
    const { calls } = renderRoute('/', {
      Repositories: (v) => {
        if (v.search === 'sec') return connection([repo('alice', 'secret', true)]);
        if (v.after === 'c1') return connection([repo('demo', 'page2')]);
        return connection([repo('demo', 'hello'), repo('alice', 'secret', true)], true);
      },
    });
    expect(await screen.findByRole('link', { name: 'demo/hello' })).toBeTruthy();
    expect(screen.getByText('Private')).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Next →' }));
    expect(await screen.findByRole('link', { name: 'demo/page2' })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: '← Previous' }));
    expect(await screen.findByRole('link', { name: 'demo/hello' })).toBeTruthy();

    await userEvent.type(screen.getByRole('searchbox', { name: 'Search repositories' }), 'sec');
    await waitFor(() => expect(screen.queryByRole('link', { name: 'demo/hello' })).toBeNull());
    expect(await screen.findByRole('link', { name: 'alice/secret' })).toBeTruthy();
    expect(calls.filter((c) => c.operationName === 'Repositories').at(-1)?.variables.search).toBe(
      'sec',
    );
  });

  it('says the git host is unavailable instead of failing', async () => {
    renderRoute('/', { Repositories: () => graphqlError('UPSTREAM_UNAVAILABLE', 'Gitea is down') });
    expect(await screen.findByText('Git host unavailable')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('shows an empty state', async () => {
    renderRoute('/', { Repositories: () => connection([]) });
    expect(await screen.findByText('No repositories yet')).toBeTruthy();
  });
});
