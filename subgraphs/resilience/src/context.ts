import type { Viewer } from '@gitforge/auth';
import type { PubSub } from '@gitforge/pubsub';
import type { ResilienceManager } from './services/ResilienceManager';

export interface ResilienceContext {
  viewer: Viewer | null;
  /**
   * GITFORGE_ADMINS, lower-cased: site administrators besides Gitea's. Unset (the subscription
   * server, which serves no mutation): Gitea's administrators only.
   */
  siteAdmins?: ReadonlySet<string>;
  manager: ResilienceManager;
  pubsub: PubSub;
  /** Runs `fn` after the response has been handed to the socket (PROCESS_CRASH uses it). */
  afterResponse(fn: () => void): void;
}
