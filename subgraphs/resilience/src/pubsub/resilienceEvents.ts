import { SKIP, subscribeStream, type AsyncQueue, type PubSub } from '@gitforge/pubsub';
import { z } from 'zod';
import {
  resilienceEventKinds,
  type ResilienceEvent,
  type ResilienceEventKind,
} from '../services/events';
import { faultKinds, strategyKinds } from '../strategies/types';

/** One channel for every resilience event (shared through Redis when REDIS_URL is set). */
export const RESILIENCE_EVENTS = 'resilience.events';

const kindEnum = z.enum(resilienceEventKinds as [ResilienceEventKind, ...ResilienceEventKind[]]);

/**
 * What a message on the bus must look like before it is served: the envelope every event has
 * and, per kind, the field its GraphQL type resolves from. Messages travel as JSON, so `at`
 * arrives as an ISO string (the DateTime scalar serialises it the same as a Date).
 */
const resilienceEventMessage = z
  .looseObject({
    kind: kindEnum,
    at: z.iso.datetime(),
    strategy: z.enum(strategyKinds),
  })
  .superRefine((event, ctx) => {
    const raw = event as Record<string, unknown>;
    const needs: Partial<Record<ResilienceEventKind, string>> = {
      STRATEGY_SWITCHED: 'config',
      FAULT_INJECTED: 'fault',
      RECOVERY_COMPLETED: 'report',
      REPLICA_UP: 'replica',
      REPLICA_DOWN: 'replica',
    };
    const field = needs[event.kind];
    if (field && (raw[field] === undefined || raw[field] === null)) {
      ctx.addIssue({ code: 'custom', path: [field], message: `${event.kind} needs ${field}` });
    }
    if (event.kind === 'FAULT_INJECTED' && !faultKinds.includes(raw.fault as never)) {
      ctx.addIssue({ code: 'custom', path: ['fault'], message: 'unknown fault kind' });
    }
  });

export function publishEvent(pubsub: PubSub, event: ResilienceEvent): Promise<void> {
  return pubsub.publish(RESILIENCE_EVENTS, event);
}

/** The events of the given kinds as a stream; a message that is not a valid event is skipped. */
export function subscribeEvents(
  pubsub: PubSub,
  kinds: readonly ResilienceEventKind[] | null | undefined,
  onInvalid: (issues: z.core.$ZodIssue[]) => void = () => undefined,
): Promise<AsyncQueue<ResilienceEvent>> {
  return subscribeStream(pubsub, RESILIENCE_EVENTS, {
    map: (message) => {
      const parsed = resilienceEventMessage.safeParse(message);
      if (!parsed.success) {
        onInvalid(parsed.error.issues);
        return SKIP;
      }
      const event = parsed.data as unknown as ResilienceEvent;
      return !kinds || kinds.includes(event.kind) ? event : SKIP;
    },
  });
}
