import { z } from 'zod';
import { isGiteaError, type GiteaTransport } from '../gitea';

/** What GitForge names the Gitea tokens it mints at sign-in (one per session). */
export const SESSION_TOKEN_PREFIX = 'gitforge-';

const tokenListSchema = z.array(z.object({ id: z.number().int(), name: z.string() }));

/**
 * The Gitea 1.21 token operations of logout (`userDeleteAccessToken`, `userGetTokens`). Gitea
 * serves `/users/{username}/tokens` to Basic auth only; a token is accepted as its password.
 * (Kept beside LoginService rather than in GiteaClient, which another change is reworking.)
 */
export class GiteaTokens {
  constructor(private readonly transport: GiteaTransport) {}

  /** Deletes token `id` of `login`, authenticating with that token; already gone is fine. */
  async revoke(login: string, token: string, id: number): Promise<void> {
    try {
      await this.transport.empty({
        operation: 'userDeleteAccessToken',
        method: 'DELETE',
        path: `/users/${encodeURIComponent(login)}/tokens/${id}`,
        auth: { kind: 'basic', username: login, password: token },
        ok: [204],
      });
    } catch (err) {
      // 401: the token itself no longer exists; 404: nothing to delete.
      if (isGiteaError(err, 'unauthenticated') || isGiteaError(err, 'not_found')) return;
      throw err;
    }
  }

  /** Ids of the tokens GitForge minted for `login` (every session's), listed with `token`. */
  async sessionTokenIds(login: string, token: string): Promise<number[]> {
    const ids: number[] = [];
    for (let page = 1; page <= 20; page += 1) {
      const res = await this.transport.json(
        {
          operation: 'userGetTokens',
          method: 'GET',
          path: `/users/${encodeURIComponent(login)}/tokens`,
          auth: { kind: 'basic', username: login, password: token },
          query: { page, limit: 50 },
        },
        tokenListSchema,
      );
      ids.push(...res.body.filter((t) => t.name.startsWith(SESSION_TOKEN_PREFIX)).map((t) => t.id));
      if (res.body.length < 50) break;
    }
    return ids;
  }
}
