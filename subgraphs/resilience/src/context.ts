import type { Viewer } from '@gitforge/auth';
import type { PubSub } from '@gitforge/pubsub';
import type { ResilienceManager } from './services/ResilienceManager';

export interface ResilienceContext {
  viewer: Viewer | null;
  manager: ResilienceManager;
  pubsub: PubSub;
  /** Runs `fn` after the response has been handed to the socket (PROCESS_CRASH uses it). */
  afterResponse(fn: () => void): void;
}
