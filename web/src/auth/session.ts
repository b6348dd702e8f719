/** A signed-in session as kept in localStorage, so it survives a reload. */
export interface Session {
  token: string;
  login: string;
  /** ISO timestamp from the login mutation. */
  expiresAt: string;
}

const STORAGE_KEY = 'gitforge.session';

export function isExpired(session: Session, now = Date.now()): boolean {
  const expires = Date.parse(session.expiresAt);
  return Number.isNaN(expires) || expires <= now;
}

function isSession(value: unknown): value is Session {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.token === 'string' && typeof v.login === 'string' && typeof v.expiresAt === 'string'
  );
}

export type StoredSession =
  { kind: 'none' } | { kind: 'expired'; login: string } | { kind: 'active'; session: Session };

/** Reads the stored session; an expired one is removed and reported as such. */
export function loadSession(storage: Storage = localStorage, now = Date.now()): StoredSession {
  let parsed: unknown;
  try {
    parsed = JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null');
  } catch {
    parsed = null;
  }
  if (!isSession(parsed)) return { kind: 'none' };
  if (isExpired(parsed, now)) {
    storage.removeItem(STORAGE_KEY);
    return { kind: 'expired', login: parsed.login };
  }
  return { kind: 'active', session: parsed };
}

export function saveSession(session: Session, storage: Storage = localStorage): void {
  storage.setItem(STORAGE_KEY, JSON.stringify(session));
}

export function clearSession(storage: Storage = localStorage): void {
  storage.removeItem(STORAGE_KEY);
}

export const SESSION_STORAGE_KEY = STORAGE_KEY;
