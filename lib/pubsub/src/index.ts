export type { PubSub, Listener, Unsubscribe } from './PubSub';
export { InMemoryPubSub } from './InMemoryPubSub';
export { RedisPubSub, type RedisPubSubOptions } from './RedisPubSub';
export { createPubSub, type PubSubOptions } from './createPubSub';
export { AsyncQueue, SKIP, type Skip, type AsyncQueueOptions } from './AsyncQueue';
export { subscribeStream, type StreamOptions } from './subscribeStream';
