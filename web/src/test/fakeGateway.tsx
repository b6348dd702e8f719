import { ApolloClient, ApolloLink } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { render } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { Observable } from 'rxjs';
import { createCache, defaultOptions, type ApolloSetup } from '../apollo/createApolloClient';
import { ConnectionStatusContext } from '../apollo/useConnectionState';
import { AppRoutes } from '../App';
import { saveSession, type Session } from '../auth/session';
import { SessionProvider } from '../auth/SessionProvider';

type Result = ApolloLink.Result;
export type Handler = (variables: Record<string, unknown>) => Result | Observable<Result>;

export interface Call {
  operationName: string | undefined;
  variables: Record<string, unknown>;
}

/** An Apollo client whose "gateway" is a map of operation name to answer. */
export function fakeClient(handlers: Record<string, Handler>) {
  const calls: Call[] = [];
  const link = new ApolloLink((operation) => {
    calls.push({ operationName: operation.operationName, variables: operation.variables });
    const handler = handlers[operation.operationName ?? ''];
    if (!handler) {
      return new Observable<Result>((s) =>
        s.error(new Error(`no handler for ${operation.operationName}`)),
      );
    }
    const result = handler(operation.variables);
    if (result instanceof Observable) return result;
    return new Observable<Result>((subscriber) => {
      const timer = setTimeout(() => {
        subscriber.next(result);
        subscriber.complete();
      }, 0);
      return () => clearTimeout(timer);
    });
  });
  const client = new ApolloClient({ link, cache: createCache(), defaultOptions });
  return { client, calls };
}

/** Renders the app's routes at `path` against fake answers. */
export function renderRoute(
  path: string,
  handlers: Record<string, Handler>,
  options: { session?: Session } = {},
) {
  if (options.session) saveSession(options.session);
  const { client, calls } = fakeClient(handlers);
  const view = render(
    <SessionProvider>
      <ApolloProvider client={client}>
        <MemoryRouter initialEntries={[path]}>
          <AppRoutes />
        </MemoryRouter>
      </ApolloProvider>
    </SessionProvider>,
  );
  return { ...view, calls, client };
}

/** A `fetch` answering GraphQL-over-HTTP requests from the same handlers (one result each). */
export function fakeFetch(handlers: Record<string, Handler>, calls: Call[] = []): typeof fetch {
  return async (_input, init) => {
    if (typeof init?.body !== 'string') throw new Error('fakeFetch expects a JSON body');
    const body = JSON.parse(init.body) as Call;
    calls.push({ operationName: body.operationName, variables: body.variables ?? {} });
    const handler = handlers[body.operationName ?? ''];
    const result = handler ? handler(body.variables ?? {}) : graphqlError('NO_HANDLER');
    if (result instanceof Observable) throw new Error('fakeFetch answers one result per request');
    return new Response(JSON.stringify(result), {
      headers: { 'content-type': 'application/json' },
    });
  };
}

/** Renders the app's routes at `path` with a real client (createApolloClient) and its socket. */
export function renderRouteWith(path: string, setup: ApolloSetup) {
  return render(
    <SessionProvider>
      <ApolloProvider client={setup.client}>
        <ConnectionStatusContext.Provider value={setup.connection}>
          <MemoryRouter initialEntries={[path]}>
            <AppRoutes />
          </MemoryRouter>
        </ConnectionStatusContext.Provider>
      </ApolloProvider>
    </SessionProvider>,
  );
}

export function graphqlError(code: string, message = code) {
  return { errors: [{ message, extensions: { code } }], data: null };
}

export const futureSession: Session = {
  token: 'token',
  login: 'alice',
  expiresAt: new Date(Date.now() + 3600_000).toISOString(),
};
