import { accessFor, type GitService } from '../protocol/gitServices';
import type { GiteaApi } from '../upstream/GiteaApi';
import type { Identity } from './authenticate';

export type Decision =
  | { allow: true }
  | { allow: false; reason: 'challenge' | 'not-found' | 'forbidden'; message: string };

const notFound: Decision = {
  allow: false,
  reason: 'not-found',
  message: 'Repository not found',
};

/**
 * The GitForge permission rule, checked before anything reaches the git host: a private
 * repository is the owner's alone (anyone else sees exactly what a missing one looks like);
 * a public one is readable by everyone and writable by its owner only. Anonymous callers get a
 * credentials challenge wherever signing in could change the answer, as Gitea does.
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
  if (lookup.kind === 'not-visible') {
    return anonymous ? challenge('Authentication required') : notFound;
  }
  const { repository } = lookup;
  const isOwner =
    identity.kind === 'user' &&
    identity.login.toLowerCase() === repository.ownerLogin.toLowerCase();
  if (repository.private && !isOwner) {
    return anonymous ? challenge('Authentication required') : notFound;
  }
  if (write && !isOwner) {
    return {
      allow: false,
      reason: 'forbidden',
      message: `Only ${repository.ownerLogin} may push to ${target.owner}/${target.repo}`,
    };
  }
  return { allow: true };
}
