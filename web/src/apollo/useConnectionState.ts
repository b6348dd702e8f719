import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';
import { alwaysOnline, type ConnectionState, type ConnectionStatus } from './liveConnection';

/** The session's live connection (ApolloSessionProvider); always online without one. */
export const ConnectionStatusContext = createContext<ConnectionStatus>(alwaysOnline);

/** `reconnecting` while the socket carrying this page's live updates is down. */
export function useConnectionState(): ConnectionState {
  const status = useContext(ConnectionStatusContext);
  const subscribe = useCallback((listener: () => void) => status.subscribe(listener), [status]);
  return useSyncExternalStore(subscribe, () => status.get());
}
