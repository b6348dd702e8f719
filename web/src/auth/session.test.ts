import { describe, expect, it } from 'vitest';
import { clearSession, isExpired, loadSession, saveSession, SESSION_STORAGE_KEY } from './session';

const future = new Date(Date.now() + 3600_000).toISOString();
const past = new Date(Date.now() - 1000).toISOString();

describe('session storage', () => {
  it('keeps a session across a reload (localStorage)', () => {
    saveSession({ token: 't', login: 'alice', expiresAt: future });
    expect(loadSession()).toEqual({
      kind: 'active',
      session: { token: 't', login: 'alice', expiresAt: future },
    });
    clearSession();
    expect(loadSession()).toEqual({ kind: 'none' });
  });

  it('drops an expired session and says so', () => {
    saveSession({ token: 't', login: 'alice', expiresAt: past });
    expect(loadSession()).toEqual({ kind: 'expired', login: 'alice' });
    expect(localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it('ignores garbage', () => {
    localStorage.setItem(SESSION_STORAGE_KEY, '{not json');
    expect(loadSession()).toEqual({ kind: 'none' });
    localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify({ token: 1 }));
    expect(loadSession()).toEqual({ kind: 'none' });
  });

  it('treats an unparseable expiry as expired', () => {
    expect(isExpired({ token: 't', login: 'a', expiresAt: 'soon' })).toBe(true);
  });
});
