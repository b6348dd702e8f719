import { randomBytes } from 'node:crypto';
import type { GithostStore } from '../store/GithostStore';
import { sha256Hex } from '../store/GithostStore';
import { hashPassword, verifyPassword } from '../store/passwordHash';
import type { TokenRecord, UserRecord } from '../store/records';
import { badRequest, invalid, notFound } from './GithostError';
import { isValidUsername } from './names';
import { parseScopes } from './scopes';

export const MIN_PASSWORD_LENGTH = 8;

// The shape ajv-formats accepts as `email`, so every user we emit validates against the spec.
const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

export interface NewUser {
  login: string;
  email: string;
  password: string;
  fullName?: string;
  /** A site administrator (Gitea's is_admin); false unless given. */
  isAdmin?: boolean;
}

export class UserService {
  constructor(private readonly store: GithostStore) {}

  byLogin(login: string): UserRecord | undefined {
    return this.store.userByLogin(login);
  }

  byId(id: number): UserRecord | undefined {
    return this.store.userById(id);
  }

  byEmail(email: string): UserRecord | undefined {
    return this.store.userByEmail(email);
  }

  async createUser(input: NewUser): Promise<UserRecord> {
    if (!isValidUsername(input.login)) {
      throw invalid(`user name is invalid [name: ${input.login}]`);
    }
    if (this.store.userByLogin(input.login)) {
      throw invalid(`user already exists [name: ${input.login}]`);
    }
    if (!EMAIL.test(input.email)) throw invalid(`e-mail invalid [email: ${input.email}]`);
    if (this.store.userByEmail(input.email)) {
      throw invalid(`e-mail already in use [email: ${input.email}]`);
    }
    if (input.password.length < MIN_PASSWORD_LENGTH) {
      throw badRequest(`password is too short (minimum ${MIN_PASSWORD_LENGTH} characters)`);
    }
    const passwordHash = await hashPassword(input.password);
    // Re-check after the await: another request may have taken the name meanwhile.
    if (this.store.userByLogin(input.login) || this.store.userByEmail(input.email)) {
      throw invalid(`user already exists [name: ${input.login}]`);
    }
    return this.store.addUser({
      login: input.login,
      email: input.email,
      fullName: input.fullName ?? '',
      passwordHash,
      createdAt: new Date().toISOString(),
      isAdmin: input.isAdmin ?? false,
    });
  }

  /** Grants or withdraws site administration (Gitea's `admin` in EditUserOption). */
  async setAdmin(user: UserRecord, isAdmin: boolean): Promise<UserRecord> {
    await this.store.updateUser(user.id, { isAdmin });
    return this.store.userById(user.id) ?? user;
  }

  async verifyLogin(login: string, password: string): Promise<UserRecord | undefined> {
    const user = this.store.userByLogin(login);
    // Organizations never sign in.
    if (!user || user.org) {
      // Same cost whether or not the user exists.
      await verifyPassword(password, DUMMY_HASH);
      return undefined;
    }
    return (await verifyPassword(password, user.passwordHash)) ? user : undefined;
  }

  authenticateToken(token: string): { user: UserRecord; token: TokenRecord } | undefined {
    if (!/^[0-9a-f]{40}$/.test(token)) return undefined;
    const record = this.store.tokenByValue(token);
    const user = record && this.store.userById(record.userId);
    return record && user && !user.org ? { user, token: record } : undefined;
  }

  /** Returns the record and the token itself, which is never shown again. */
  async createToken(
    user: UserRecord,
    name: string,
    scopes: readonly string[],
  ): Promise<{ record: TokenRecord; token: string }> {
    if (!name.trim()) throw invalid('[Name]: Required');
    const normalized = parseScopes(scopes);
    if (this.store.tokensOf(user.id).some((t) => t.name === name)) {
      throw badRequest('access token name has been used already');
    }
    const token = randomBytes(20).toString('hex');
    const record = await this.store.addToken({
      userId: user.id,
      name,
      sha256: sha256Hex(token),
      lastEight: token.slice(-8),
      scopes: normalized,
      createdAt: new Date().toISOString(),
    });
    return { record, token };
  }

  tokensOf(user: UserRecord): TokenRecord[] {
    return this.store.tokensOf(user.id);
  }

  /** Gitea's DeleteAccessToken: `idOrName` is the token's id, else its (unique) name. */
  async deleteToken(user: UserRecord, idOrName: string): Promise<void> {
    const tokens = this.store.tokensOf(user.id);
    const id = /^[1-9][0-9]*$/.test(idOrName) ? Number(idOrName) : undefined;
    const matches =
      id !== undefined
        ? tokens.filter((t) => t.id === id)
        : tokens.filter((t) => t.name === idOrName);
    if (matches.length === 0 || !(await this.store.removeToken(user.id, matches[0]!.id))) {
      throw notFound('');
    }
  }
}

const DUMMY_HASH =
  'scrypt$16384$8$1$c2FsdHNhbHRzYWx0c2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
