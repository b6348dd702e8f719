import { SKIP, subscribeStream, type AsyncQueue, type PubSub } from '@gitforge/pubsub';
import type { ResilienceEvent, ResilienceEventKind } from '../services/events';

/** One channel for every resilience event (shared through Redis when REDIS_URL is set). */
export const RESILIENCE_EVENTS = 'resilience.events';

export function publishEvent(pubsub: PubSub, event: ResilienceEvent): Promise<void> {
  return pubsub.publish(RESILIENCE_EVENTS, event);
}

/**
 * The events of the given kinds as a stream. Messages travel as JSON, so timestamps arrive as
 * ISO strings; the DateTime scalar serialises those the same as Dates.
 */
export function subscribeEvents(
  pubsub: PubSub,
  kinds: readonly ResilienceEventKind[] | null | undefined,
): Promise<AsyncQueue<ResilienceEvent>> {
  return subscribeStream(pubsub, RESILIENCE_EVENTS, {
    map: (message) => {
      const event = message as ResilienceEvent;
      return !kinds || kinds.includes(event.kind) ? event : SKIP;
    },
  });
}
