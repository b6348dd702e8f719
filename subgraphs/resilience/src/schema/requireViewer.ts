import type { Viewer } from '@gitforge/auth';
import { DomainError } from '@gitforge/errors';
import type { ResilienceContext } from '../context';

export function requireViewer(ctx: ResilienceContext, action: string): Viewer {
  if (!ctx.viewer) throw new DomainError('UNAUTHENTICATED', `Sign in to ${action}`);
  return ctx.viewer;
}
