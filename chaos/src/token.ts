import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { signSessionToken } from '@gitforge/auth';

/**
 * The experiments act as a site administrator (only they may inject faults, switch strategies,
 * recover and write the workload): GITFORGE_TOKEN when given (a session of an administrator),
 * otherwise an administrator's session for `login` (default `demo`, the site administrator
 * `npm start` seeds) signed with GITFORGE_JWT_SECRET or the secret `npm start` keeps in the data dir.
 */
export async function resolveToken(options: {
  token?: string;
  jwtSecret?: string;
  dataDir?: string;
  login?: string;
}): Promise<string> {
  if (options.token) return options.token;
  let secret = options.jwtSecret;
  if (!secret) {
    const file = join(resolve(options.dataDir ?? '.gitforge'), 'secrets', 'jwt-secret');
    try {
      secret = readFileSync(file, 'utf8').trim();
    } catch {
      throw new Error(
        `No token: set GITFORGE_TOKEN or GITFORGE_JWT_SECRET, or start GitForge so ${file} exists`,
      );
    }
  }
  return signSessionToken(secret, options.login ?? 'demo', { expiresIn: '24h', isAdmin: true });
}
