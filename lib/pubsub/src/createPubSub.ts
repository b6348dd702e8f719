import type { Logger } from '@gitforge/logging';
import { InMemoryPubSub } from './InMemoryPubSub';
import type { PubSub } from './PubSub';
import { RedisPubSub } from './RedisPubSub';

export interface PubSubOptions {
  /** `REDIS_URL`: set → Redis (several processes share events); unset → in-process. */
  redisUrl?: string;
  prefix?: string;
  logger?: Logger;
}

export function createPubSub(options: PubSubOptions = {}): PubSub {
  if (options.redisUrl) {
    return new RedisPubSub({
      url: options.redisUrl,
      prefix: options.prefix,
      logger: options.logger,
    });
  }
  return new InMemoryPubSub(options.logger);
}
