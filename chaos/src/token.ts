import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { signSessionToken } from '@gitforge/auth';

/**
 * The experiments act as a signed-in user: GITFORGE_TOKEN when given, otherwise a session token
 * for `login` signed with GITFORGE_JWT_SECRET or the secret `npm start` keeps in the data dir.
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
  return signSessionToken(secret, options.login ?? 'chaos', { expiresIn: '24h' });
}
