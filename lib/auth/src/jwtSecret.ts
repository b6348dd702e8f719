import { resolve } from 'node:path';
import { EnvError, loadOrCreateSecret } from '@gitforge/env';

/** HS256 wants a key at least as long as its hash: 32 bytes. */
export const MIN_JWT_SECRET_BYTES = 32;

export interface JwtSecretEnv {
  GITFORGE_JWT_SECRET?: string;
  NODE_ENV?: string;
  GITFORGE_DATA_DIR: string;
}

/**
 * The session signing secret of every service. In production it must be deployed (never
 * generated on one replica's disk), at least 32 bytes, and not a placeholder such as a
 * repeated character; elsewhere an unset secret is generated once and kept in the data dir.
 * Throws EnvError naming the variable.
 */
export function jwtSecretFromEnv(env: JwtSecretEnv): string {
  const secret = env.GITFORGE_JWT_SECRET || undefined;
  if (env.NODE_ENV === 'production') {
    const problem = productionProblem(secret);
    if (problem) throw new EnvError([`GITFORGE_JWT_SECRET: ${problem}`]);
  }
  return secret ?? loadOrCreateSecret(resolve(env.GITFORGE_DATA_DIR), 'jwt-secret');
}

function productionProblem(secret: string | undefined): string | undefined {
  if (secret === undefined) return 'required in production';
  if (Buffer.byteLength(secret, 'utf8') < MIN_JWT_SECRET_BYTES) {
    return `must be at least ${MIN_JWT_SECRET_BYTES} bytes in production (e.g. \`openssl rand -base64 32\`)`;
  }
  if (new Set(secret).size < 8 || /^(change-?me|secret|password|default)/i.test(secret)) {
    return 'is a placeholder; use at least 32 random bytes (e.g. `openssl rand -base64 32`)';
  }
  return undefined;
}
