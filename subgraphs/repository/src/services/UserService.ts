import { isGiteaError, type GiteaClient } from '../gitea';
import type { UserRecord } from './records';
import type { TtlCache } from './TtlCache';
import { toUser } from './toRecords';

const LOGIN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

/** Users Gitea showed to one caller, kept between requests. */
export interface SharedUsers {
  cache: TtlCache<UserRecord>;
  /**
   * Whose view of Gitea's users this request gets: Gitea shows limited and private users to
   * some callers only, so entries are never shared between two callers Gitea could answer
   * differently (the admin token's view is everyone's when the subgraph reads users with it).
   */
  caller: string;
}

/** Gitea users by login: loaded once per request, and reused for a short while across requests. */
export class UserService {
  private readonly loaded = new Map<string, Promise<UserRecord | null>>();

  constructor(
    private readonly gitea: GiteaClient,
    private readonly shared?: SharedUsers,
  ) {}

  /**
   * The user when already known without waiting (this request, or the shared cache); undefined
   * when it would take a Gitea call. Lets the User fields answer without a promise each.
   */
  peek(login: string): UserRecord | undefined {
    if (!this.shared || !LOGIN.test(login)) return undefined;
    return this.shared.cache.get(`${this.shared.caller}\n${login.toLowerCase()}`);
  }

  /** Null when Gitea has no such user (an issue author who never had an account, say). */
  async find(login: string): Promise<UserRecord | null> {
    if (!LOGIN.test(login)) return null;
    const key = login.toLowerCase();
    let pending = this.loaded.get(key);
    if (!pending) {
      const sharedKey = this.shared && `${this.shared.caller}\n${key}`;
      const known = sharedKey === undefined ? undefined : this.shared!.cache.get(sharedKey);
      pending = known
        ? Promise.resolve(known)
        : this.gitea.user(login).then(
            (user) => {
              const record = toUser(user);
              if (sharedKey !== undefined) this.shared!.cache.set(sharedKey, record);
              return record;
            },
            (err: unknown) => {
              if (isGiteaError(err, 'not_found')) return null;
              throw err;
            },
          );
      this.loaded.set(key, pending);
    }
    return pending;
  }
}
