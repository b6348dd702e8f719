import { LoginThrottle } from '../../src/loginThrottle';
import { RedisThrottleStore } from '../../src/redisThrottleStore';

/** A second process for the shared-limit test: fails COUNT sign-ins from CLIENT, prints how many were let through. */
async function main(): Promise<void> {
  const store = new RedisThrottleStore({ url: process.env.REDIS_URL!, prefix: process.env.PREFIX });
  const throttle = new LoginThrottle(store);
  let allowed = 0;
  for (let i = 0; i < Number(process.env.COUNT); i += 1) {
    const decision = await throttle.begin(process.env.CLIENT!, 'alice');
    if (decision.allowed) {
      allowed += 1;
      await decision.attempt.failed();
    }
  }
  process.stdout.write(`allowed ${allowed}\n`);
  await store.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
