import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { clearSession, loadSession } from '../auth/session';
import { futureSession, graphqlError, renderRoute } from '../test/fakeGateway';

afterEach(() => clearSession());

describe('Sign out', () => {
  it('ends the session on the server (logout), then forgets it here', async () => {
    const { calls } = renderRoute(
      '/no-such-page',
      { SignOut: () => ({ data: { logout: true } }) },
      { session: futureSession },
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(loadSession().kind).not.toBe('active'));
    expect(calls.filter((c) => c.operationName === 'SignOut')).toHaveLength(1);
    expect(await screen.findByRole('link', { name: 'Sign in' })).toBeTruthy();
  });

  it('still signs out here when the server refuses or cannot be reached', async () => {
    renderRoute(
      '/no-such-page',
      { SignOut: () => graphqlError('UNAUTHENTICATED') },
      { session: futureSession },
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('link', { name: 'Sign in' })).toBeTruthy();
    expect(loadSession().kind).not.toBe('active');
  });
});
