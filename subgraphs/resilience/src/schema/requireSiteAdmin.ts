import { isSiteAdmin, type Viewer } from '@gitforge/auth';
import { DomainError } from '@gitforge/errors';
import type { ResilienceContext } from '../context';
import { requireViewer } from './requireViewer';

const NO_EXTRA_ADMINS: ReadonlySet<string> = new Set();

/** Gitea's is_admin (from the session) or a login in GITFORGE_ADMINS. */
export function viewerIsSiteAdmin(ctx: ResilienceContext): boolean {
  return isSiteAdmin(ctx.viewer, ctx.siteAdmins ?? NO_EXTRA_ADMINS);
}

/**
 * Faults, strategy switches, recovery and workload writes act on the whole service, for every
 * user: site administrators only. Anonymous callers are UNAUTHENTICATED, others FORBIDDEN.
 */
export function requireSiteAdmin(ctx: ResilienceContext, action: string): Viewer {
  const viewer = requireViewer(ctx, action);
  if (!viewerIsSiteAdmin(ctx)) {
    throw new DomainError('FORBIDDEN', `Only site administrators may ${action}`);
  }
  return viewer;
}
