import { gql } from '@apollo/client';
import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { createApolloClient } from '../apollo/createApolloClient';
import { futureSession, renderRoute } from '../test/fakeGateway';

const ViewerQuery = gql`
  query ViewerLogin {
    viewer {
      login
    }
  }
`;

describe('sessions', () => {
  it('sends an expired session back to sign in after a reload', async () => {
    renderRoute(
      '/new',
      {},
      { session: { ...futureSession, expiresAt: new Date(Date.now() - 1).toISOString() } },
    );
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expect(screen.getByText(/Your session expired/)).toBeTruthy();
  });

  it('keeps a live session across a reload', async () => {
    renderRoute('/new', {}, { session: futureSession });
    expect(await screen.findByRole('heading', { name: 'Create a repository' })).toBeTruthy();
    expect(screen.getByText('alice')).toBeTruthy();
  });

  it('signs out when the gateway rejects the token', async () => {
    const onSessionRejected = vi.fn();
    const fetch = vi.fn(async () =>
      Response.json(
        { errors: [{ message: 'Invalid session token', extensions: { code: 'UNAUTHENTICATED' } }] },
        { status: 401, headers: { 'content-type': 'application/graphql-response+json' } },
      ),
    );
    const { client, dispose } = createApolloClient({
      token: 'expired',
      origin: 'http://gitforge.test',
      onSessionRejected,
      fetch,
    });
    await client.query({ query: ViewerQuery }).catch(() => undefined);
    expect(fetch).toHaveBeenCalledOnce();
    const [, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect((init.headers as Record<string, string>).authorization).toBe('Bearer expired');
    expect(onSessionRejected).toHaveBeenCalled();
    dispose();
  });

  it('does not treat a wrong password as an expired session', async () => {
    const onSessionRejected = vi.fn();
    const { client, dispose } = createApolloClient({
      origin: 'http://gitforge.test',
      onSessionRejected,
      fetch: async () =>
        Response.json({
          errors: [{ message: 'Bad credentials', extensions: { code: 'UNAUTHENTICATED' } }],
        }),
    });
    await client.query({ query: ViewerQuery }).catch(() => undefined);
    expect(onSessionRejected).not.toHaveBeenCalled();
    dispose();
  });
});
