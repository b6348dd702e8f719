import type { Viewer } from './sessionToken';

/** What verifying a session JWT established once: its signature, claims and decrypted Gitea token. */
export interface VerifiedSession {
  /** The viewer as `verifySessionToken` returns it (frozen; callers get copies). */
  viewer: Readonly<Viewer>;
  /** The raw `sv` claim: the session-version check runs against it on every use. */
  sessionVersion: unknown;
  /** `jti`: checked against ended sessions on every use. */
  sessionId?: string;
  /** `exp` in epoch ms: the entry is never used at or after it. */
  expiresAt: number;
}

export interface VerifiedSessionCacheOptions {
  /** Entries kept at most; the least recently used goes first. Default 10,000. */
  maxEntries?: number;
  /** How long an entry is reused at most (before the token's own `exp`). Default 60 s. */
  ttlMs?: number;
  now?: () => number;
}

interface Entry {
  secret: string;
  session: VerifiedSession;
  /** min(exp, stored + ttl), epoch ms. */
  usableUntil: number;
}

/**
 * Verified session JWTs by token string, so that a client sending the same token on every
 * request pays for the HMAC check and the AES-GCM decryption of its Gitea token once per TTL,
 * not per request. Only what the token itself proves is cached: whether the session has ended
 * since (logout, logoutEverywhere) is checked by `verifySessionToken` on every request, so a
 * cached entry never lets an ended session through. Bounded (LRU) and short-lived, which also
 * bounds how long decrypted Gitea tokens stay in memory.
 */
export class VerifiedSessionCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: VerifiedSessionCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.ttlMs = options.ttlMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** The session verified earlier with the same secret, while still within its exp and the TTL. */
  get(secret: string, token: string): VerifiedSession | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.secret !== secret || this.now() >= entry.usableUntil) {
      this.entries.delete(token);
      return undefined;
    }
    // Most recently used last: eviction takes the first key.
    this.entries.delete(token);
    this.entries.set(token, entry);
    return entry.session;
  }

  set(secret: string, token: string, session: VerifiedSession): void {
    if (this.maxEntries <= 0 || this.ttlMs <= 0) return;
    const usableUntil = Math.min(session.expiresAt, this.now() + this.ttlMs);
    this.entries.delete(token);
    this.entries.set(token, { secret, session, usableUntil });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  delete(token: string): void {
    this.entries.delete(token);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The process-wide cache `verifySessionToken` uses unless told otherwise. */
export const verifiedSessions = new VerifiedSessionCache();
