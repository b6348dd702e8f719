import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { gitforgeError } from '@gitforge/errors';
import type { Logger } from '@gitforge/logging';
import { RedisThrottleStore } from './redisThrottleStore';
import { InProcessThrottleStore, type ThrottleRule, type ThrottleStore } from './throttleStore';

export interface LoginThrottlePolicy {
  /** Tight: failures per client address, then that address waits until the window slides. */
  perClient: { max: number; windowMs: number };
  /**
   * Loose: failures per account from every address; beyond `max` each further attempt waits
   * twice as long as the previous one (`baseDelayMs` … `maxDelayMs`). Never a lockout, and
   * addresses that signed in to the account recently are exempt.
   */
  perAccount: { max: number; windowMs: number; baseDelayMs: number; maxDelayMs: number };
  /** How long an address stays known to an account after a successful sign-in from it. */
  knownClientMs: number;
}

export const DEFAULT_LOGIN_THROTTLE_POLICY: LoginThrottlePolicy = {
  perClient: { max: 5, windowMs: 5 * 60_000 },
  perAccount: { max: 20, windowMs: 60 * 60_000, baseDelayMs: 1000, maxDelayMs: 60_000 },
  knownClientMs: 30 * 24 * 60 * 60_000,
};

export type ThrottleDecision =
  { allowed: true; attempt: LoginAttempt } | { allowed: false; retryAfterMs: number };

/** One password check in progress: say how it ended. */
export interface LoginAttempt {
  /** Wrong credentials: the attempt counts. */
  failed(): Promise<void>;
  /** Right credentials: the attempt does not count, and the address becomes known to the account. */
  succeeded(): Promise<void>;
  /** Nothing learnt about the password (the git host was down): the attempt does not count. */
  abandoned(): Promise<void>;
}

/**
 * The one limiter of password guesses, used by the repository subgraph's `login` and by the
 * git proxy's Basic auth, per client address and per account. The attempt is recorded before
 * the password is checked, so concurrent guesses cannot slip past a limit.
 */
export class LoginThrottle {
  constructor(
    private readonly store: ThrottleStore,
    private readonly policy: LoginThrottlePolicy = DEFAULT_LOGIN_THROTTLE_POLICY,
    private readonly now: () => number = Date.now,
    private readonly logger?: Logger,
  ) {}

  /** `account` is the user name tried, when there is one (a bare token has none). */
  async begin(client: string, account?: string): Promise<ThrottleDecision> {
    const { perClient, perAccount } = this.policy;
    const user = account?.toLowerCase();
    const rules: ThrottleRule[] = [{ key: `ip:${client}`, ...perClient }];
    if (user) {
      rules.push({
        key: `user:${user}`,
        max: perAccount.max,
        windowMs: perAccount.windowMs,
        backoff: { baseMs: perAccount.baseDelayMs, maxMs: perAccount.maxDelayMs },
        unlessRemembered: knownKey(user, client),
      });
    }
    const id = randomUUID();
    let wait: number;
    try {
      wait = await this.store.acquire(rules, id, this.now());
    } catch (err) {
      // Fail closed: without the counts no password is checked.
      this.logger?.error({ err }, 'login throttle: store unavailable');
      throw gitforgeError('UPSTREAM_UNAVAILABLE', 'Sign-in is unavailable; try again shortly');
    }
    if (wait > 0) return { allowed: false, retryAfterMs: wait };
    const keys = rules.map((r) => r.key);
    // After the password check: a store failure here costs at most a counted success.
    const settle = (work: () => Promise<void>) =>
      work().catch((err: unknown) =>
        this.logger?.warn({ err }, 'login throttle: could not settle an attempt'),
      );
    return {
      allowed: true,
      attempt: {
        failed: async () => undefined,
        succeeded: () =>
          settle(async () => {
            await this.store.release(keys, id);
            if (user) {
              const known = knownKey(user, client);
              await this.store.remember(known, this.policy.knownClientMs, this.now());
            }
          }),
        abandoned: () => settle(() => this.store.release(keys, id)),
      },
    };
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

function knownKey(user: string, client: string): string {
  return `known:${user}:${client}`;
}

/** Shared through Redis when `redisUrl` is set, else counted in this process. */
export function createLoginThrottle(options: {
  redisUrl?: string;
  /** Before every Redis key (`REDIS_KEY_PREFIX`); default `gitforge:`. */
  redisKeyPrefix?: string;
  policy?: LoginThrottlePolicy;
  logger?: Logger;
}): LoginThrottle {
  const store = options.redisUrl
    ? new RedisThrottleStore({
        url: options.redisUrl,
        prefix: options.redisKeyPrefix,
        logger: options.logger,
      })
    : new InProcessThrottleStore();
  return new LoginThrottle(store, options.policy, Date.now, options.logger);
}

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const { perClient, perAccount, knownClientMs } = DEFAULT_LOGIN_THROTTLE_POLICY;

/** The sign-in limits' environment (repository subgraph and git proxy read the same variables). */
export const loginThrottleEnvModel = z.object({
  LOGIN_MAX_FAILURES: positiveInt(perClient.max),
  LOGIN_FAILURE_WINDOW_MS: positiveInt(perClient.windowMs),
  LOGIN_ACCOUNT_MAX_FAILURES: positiveInt(perAccount.max),
  LOGIN_ACCOUNT_WINDOW_MS: positiveInt(perAccount.windowMs),
  LOGIN_ACCOUNT_MAX_DELAY_MS: positiveInt(perAccount.maxDelayMs),
  LOGIN_KNOWN_CLIENT_MS: positiveInt(knownClientMs),
});

export function loginThrottlePolicyFromEnv(
  env: z.infer<typeof loginThrottleEnvModel>,
): LoginThrottlePolicy {
  return {
    perClient: { max: env.LOGIN_MAX_FAILURES, windowMs: env.LOGIN_FAILURE_WINDOW_MS },
    perAccount: {
      max: env.LOGIN_ACCOUNT_MAX_FAILURES,
      windowMs: env.LOGIN_ACCOUNT_WINDOW_MS,
      baseDelayMs: perAccount.baseDelayMs,
      maxDelayMs: env.LOGIN_ACCOUNT_MAX_DELAY_MS,
    },
    knownClientMs: env.LOGIN_KNOWN_CLIENT_MS,
  };
}
