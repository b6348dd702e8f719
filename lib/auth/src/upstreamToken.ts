import { hkdfSync } from 'node:crypto';
import { CompactEncrypt, compactDecrypt, errors as joseErrors } from 'jose';
import { gitforgeError } from '@gitforge/errors';

const ALG = 'dir';
const ENC = 'A256GCM';
const INFO = 'gitforge-upstream-token';

const keys = new Map<string, Uint8Array>();

/**
 * The content-encryption key for upstream tokens: HKDF-SHA256 of the session secret, so the
 * JWT's HMAC key and this AES key are never the same bytes.
 */
function keyFor(secret: string): Uint8Array {
  let key = keys.get(secret);
  if (!key) {
    key = new Uint8Array(hkdfSync('sha256', secret, new Uint8Array(0), INFO, 32));
    keys.set(secret, key);
  }
  return key;
}

/** Encrypts a Gitea access token as a compact JWE (`dir` + `A256GCM`) for the session JWT's `gt`. */
export async function encryptUpstreamToken(secret: string, token: string): Promise<string> {
  if (token === '') throw new Error('An upstream token must not be empty');
  return new CompactEncrypt(new TextEncoder().encode(token))
    .setProtectedHeader({ alg: ALG, enc: ENC })
    .encrypt(keyFor(secret));
}

/** Decrypts what `encryptUpstreamToken` made; anything else (or another secret) is UNAUTHENTICATED. */
export async function decryptUpstreamToken(secret: string, jwe: string): Promise<string> {
  try {
    const { plaintext } = await compactDecrypt(jwe, keyFor(secret), {
      keyManagementAlgorithms: [ALG],
      contentEncryptionAlgorithms: [ENC],
    });
    const token = new TextDecoder('utf-8', { fatal: true }).decode(plaintext);
    if (token === '') throw gitforgeError('UNAUTHENTICATED', 'Invalid upstream token');
    return token;
  } catch (err) {
    if (err instanceof joseErrors.JOSEError || err instanceof TypeError) {
      throw gitforgeError('UNAUTHENTICATED', 'Invalid upstream token');
    }
    throw err;
  }
}
