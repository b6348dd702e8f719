import { InMemoryPubSub } from '@gitforge/pubsub';
import { publishEvent, RESILIENCE_EVENTS, subscribeEvents } from '../src/pubsub/resilienceEvents';

describe('resilience events on the bus', () => {
  it('serves valid events and skips messages that are not resilience events', async () => {
    const pubsub = new InMemoryPubSub();
    const invalid: unknown[] = [];
    const stream = await subscribeEvents(pubsub, null, (issues) => invalid.push(issues));
    const at = new Date().toISOString();
    await pubsub.publish(RESILIENCE_EVENTS, { kind: 'NOT_A_KIND', at, strategy: 'BASELINE' });
    await pubsub.publish(RESILIENCE_EVENTS, { kind: 'FAULT_INJECTED', at, strategy: 'BASELINE' });
    await pubsub.publish(RESILIENCE_EVENTS, 'garbage');
    await publishEvent(pubsub, {
      kind: 'FAULT_INJECTED',
      at: new Date(at),
      strategy: 'BASELINE',
      fault: 'PROCESS_CRASH',
      node: null,
      detail: 'test',
    });
    const first = await stream.next();
    expect(first.value).toMatchObject({ kind: 'FAULT_INJECTED', fault: 'PROCESS_CRASH', at });
    expect(invalid).toHaveLength(3);
    await stream.return?.();
    await pubsub.close();
  });
});
