import { accessFor, type GitService } from '../protocol/gitServices';
import type { AccessLevel, GiteaApi } from '../upstream/GiteaApi';
import type { Identity } from './authenticate';

export type Decision =
  | { allow: true }
  | { allow: false; reason: 'challenge' | 'not-found' | 'forbidden'; message: string };

const notFound: Decision = {
  allow: false,
  reason: 'not-found',
  message: 'Repository not found',
};

const RANK: Record<AccessLevel, number> = { none: 0, read: 1, write: 2, admin: 3 };

/**
 * The GitForge permission rule (Gitea's levels), checked before anything reaches the git host,
 * on every request (nothing is cached, so a removed collaborator is cut off at the next one):
 * clone and fetch need `read`, push needs `write`, as Gitea's `permissions` of the repository
 * looked up with the caller's own credentials say (collaborators, organization teams and owners,
 * site admins). A repository the caller may not read looks exactly like a missing one.
 * Anonymous callers get a credentials challenge wherever signing in could change the answer,
 * as Gitea does.
 */
export async function authorize(
  api: GiteaApi,
  identity: Identity,
  target: { owner: string; repo: string; service: GitService },
): Promise<Decision> {
  const anonymous = identity.kind === 'anonymous';
  const challenge = (message: string): Decision => ({ allow: false, reason: 'challenge', message });
  const write = accessFor(target.service) === 'write';
  if (anonymous && write) return challenge('Authentication required to push');

  const lookup = await api.repository(
    target.owner,
    target.repo,
    identity.kind === 'user' ? identity.upstreamAuthorization : undefined,
  );
  if (lookup.kind === 'bad-credentials') {
    return challenge('The git host refused these credentials; sign in again');
  }
  if (lookup.kind === 'not-visible' || RANK[lookup.repository.level] < RANK.read) {
    return anonymous ? challenge('Authentication required') : notFound;
  }
  if (write && RANK[lookup.repository.level] < RANK.write) {
    const login = identity.kind === 'user' ? identity.login : 'you';
    return {
      allow: false,
      reason: 'forbidden',
      message: `${login} may not push to ${target.owner}/${target.repo}: write access is needed`,
    };
  }
  return { allow: true };
}
