import { ApolloProvider } from '@apollo/client/react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useSession } from '../auth/SessionProvider';
import { createApolloClient, type ApolloSetup } from './createApolloClient';
import { ConnectionStatusContext } from './useConnectionState';

/**
 * A fresh Apollo client (cache and WebSocket) per session: signing in or out never shows data
 * fetched with another identity, and the socket reconnects with the new token.
 */
export function ApolloSessionProvider({ children }: { children: ReactNode }) {
  const { session, signOut } = useSession();
  const token = session?.token;
  const create = (forToken: string | undefined) =>
    createApolloClient({ token: forToken, onSessionRejected: () => signOut('expired') });

  const [state, setState] = useState(() => ({ token, setup: create(token) }));
  let setup: ApolloSetup = state.setup;
  if (state.token !== token) {
    setup = create(token);
    setState({ token, setup });
  }

  const current = useRef(setup);
  useEffect(() => {
    current.current = setup;
    return () => {
      // Deferred: StrictMode re-runs effects with the same client, which must stay usable.
      setTimeout(() => {
        if (current.current !== setup) setup.dispose();
      }, 0);
    };
  }, [setup]);

  return (
    <ApolloProvider client={setup.client}>
      <ConnectionStatusContext.Provider value={setup.connection}>
        {children}
      </ConnectionStatusContext.Provider>
    </ApolloProvider>
  );
}
