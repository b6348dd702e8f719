import { createHash } from 'node:crypto';

interface Entry {
  login: string;
  expiresAt: number;
}

/**
 * Remembers, briefly, which `Authorization` values Gitea accepted, so a clone (two to four
 * requests) checks the password once. Keys are SHA-256 digests: no secret is kept in clear.
 */
export class CredentialCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(authorization: string): string | undefined {
    if (this.ttlMs === 0) return undefined;
    const key = digest(authorization);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.login;
  }

  set(authorization: string, login: string): void {
    if (this.ttlMs === 0) return;
    if (this.entries.size >= this.maxEntries) {
      // Maps iterate in insertion order: drop the oldest.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(digest(authorization), { login, expiresAt: this.now() + this.ttlMs });
  }
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}
