import { isGiteaError, type GiteaClient } from '../gitea';
import type { UserRecord } from './records';
import { toUser } from './toRecords';

const LOGIN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

/** Gitea users by login, loaded once per request. */
export class UserService {
  private readonly loaded = new Map<string, Promise<UserRecord | null>>();

  constructor(private readonly gitea: GiteaClient) {}

  /** Null when Gitea has no such user (an issue author who never had an account, say). */
  async find(login: string): Promise<UserRecord | null> {
    if (!LOGIN.test(login)) return null;
    const key = login.toLowerCase();
    let pending = this.loaded.get(key);
    if (!pending) {
      pending = this.gitea.user(login).then(toUser, (err: unknown) => {
        if (isGiteaError(err, 'not_found')) return null;
        throw err;
      });
      this.loaded.set(key, pending);
    }
    return pending;
  }
}
