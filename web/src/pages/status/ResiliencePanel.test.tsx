import { ApolloProvider } from '@apollo/client/react';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { Subject } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { clearSession, saveSession } from '../../auth/session';
import { SessionProvider } from '../../auth/SessionProvider';
import { fakeClient, futureSession } from '../../test/fakeGateway';
import { ResiliencePanel } from './ResiliencePanel';

const status = (viewerCanAdminister: boolean) => ({
  data: {
    resilience: {
      __typename: 'ResilienceStatus',
      state: 'SERVING',
      strategy: 'BASELINE',
      activatedAt: '2026-01-10T10:00:00.000Z',
      pid: 4242,
      keys: 3,
      lastSeq: 3,
      acknowledgedKeys: 3,
      viewerCanAdminister,
      config: {
        __typename: 'StrategyConfig',
        fsync: 'ALWAYS',
        quorum: 'MAJORITY',
        replicas: 3,
        snapshotEveryWrites: 1000,
      },
      replicas: [],
      lastFault: null,
      recentRecoveries: [],
    },
  },
});

/** The panel as `viewer` sees it; the resilience subgraph decides viewerCanAdminister. */
function renderPanel(viewer: 'anonymous' | 'user' | 'administrator') {
  if (viewer !== 'anonymous') saveSession(futureSession);
  const { client, calls } = fakeClient({
    ResilienceStatus: () => status(viewer === 'administrator'),
    ResilienceEventsFeed: () => new Subject(),
    ResilienceMetricsFeed: () => new Subject(),
    InjectFailure: () => ({
      data: {
        injectFailure: {
          __typename: 'FaultInjection',
          fault: 'PROCESS_CRASH',
          detail: 'SIGKILL after the response',
          needsRecovery: true,
        },
      },
    }),
  });
  render(
    <SessionProvider>
      <ApolloProvider client={client}>
        <MemoryRouter initialEntries={['/status']}>
          <ResiliencePanel />
        </MemoryRouter>
      </ApolloProvider>
    </SessionProvider>,
  );
  return { calls };
}

const CONTROLS = [
  'Switch',
  'Write 50 keys',
  'Kill the service (SIGKILL)',
  'Wipe memory',
  'Recover',
];

afterEach(() => clearSession());

describe('ResiliencePanel controls', () => {
  it('offers a site administrator every control, and a fault goes to the service', async () => {
    const { calls } = renderPanel('administrator');
    await screen.findByRole('button', { name: 'Kill the service (SIGKILL)' });
    for (const name of CONTROLS) expect(screen.getByRole('button', { name })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Kill the service (SIGKILL)' }));
    await screen.findByText('Injected PROCESS_CRASH: SIGKILL after the response');
    expect(calls.find((c) => c.operationName === 'InjectFailure')?.variables).toEqual({
      fault: 'PROCESS_CRASH',
    });
  });

  it('hides them from a signed-in user who is not a site administrator', async () => {
    renderPanel('user');
    await screen.findByText(/Only site administrators can switch strategies/);
    for (const name of CONTROLS) expect(screen.queryByRole('button', { name })).toBeNull();
    expect(screen.queryByLabelText('Strategy', { exact: true })).toBeNull();
  });

  it('hides them from anonymous visitors and offers to sign in', async () => {
    renderPanel('anonymous');
    const link = await screen.findByRole('link', { name: 'Sign in' });
    expect(link.getAttribute('href')).toBe('/login?next=/status');
    await waitFor(() => expect(screen.getByText(/as a site administrator/)).toBeTruthy());
    for (const name of CONTROLS) expect(screen.queryByRole('button', { name })).toBeNull();
  });
});
