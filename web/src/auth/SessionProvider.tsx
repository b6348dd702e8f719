import {
  createContext,
  use,
  useCallback,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import {
  clearSession,
  isExpired,
  loadSession,
  saveSession,
  SESSION_STORAGE_KEY,
  type Session,
} from './session';

export type SignedOutReason = 'expired' | 'signed-out' | undefined;

interface SessionContextValue {
  session: Session | null;
  /** Why there is no session: set after expiry so the sign-in page can say so. */
  signedOutReason: SignedOutReason;
  signIn: (session: Session) => void;
  signOut: (reason?: Exclude<SignedOutReason, undefined>) => void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<{ session: Session | null; reason: SignedOutReason }>(() => {
    const stored = loadSession();
    return {
      session: stored.kind === 'active' ? stored.session : null,
      reason: stored.kind === 'expired' ? 'expired' : undefined,
    };
  });

  const signIn = useCallback((session: Session) => {
    saveSession(session);
    setState({ session, reason: undefined });
  }, []);

  const signOut = useCallback((reason: Exclude<SignedOutReason, undefined> = 'signed-out') => {
    clearSession();
    setState({ session: null, reason });
  }, []);

  // Expire on time, even with the page left open.
  useEffect(() => {
    const session = state.session;
    if (!session) return undefined;
    if (isExpired(session)) {
      signOut('expired');
      return undefined;
    }
    const delay = Math.min(Date.parse(session.expiresAt) - Date.now(), 2 ** 31 - 1);
    const timer = setTimeout(() => signOut('expired'), delay);
    return () => clearTimeout(timer);
  }, [state.session, signOut]);

  // Signing in or out in another tab applies here too.
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key !== SESSION_STORAGE_KEY) return;
      const stored = loadSession();
      setState({
        session: stored.kind === 'active' ? stored.session : null,
        reason: stored.kind === 'expired' ? 'expired' : undefined,
      });
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);

  const value = useMemo(
    () => ({ session: state.session, signedOutReason: state.reason, signIn, signOut }),
    [state, signIn, signOut],
  );
  return <SessionContext value={value}>{children}</SessionContext>;
}

export function useSession(): SessionContextValue {
  const value = use(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
