import { parse } from 'graphql';
import { SubscriptionPlanner } from '../src/subscriptions/SubscriptionPlanner';

describe('SubscriptionPlanner errors', () => {
  it('carry a registered code', () => {
    const planner = new SubscriptionPlanner();
    const attempt = () => planner.plan(parse('subscription { issueEvents { action } }'));
    expect(attempt).toThrow(
      expect.objectContaining({
        message: 'The gateway has no supergraph yet',
        extensions: expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE' }) as unknown,
      }),
    );
  });
});
