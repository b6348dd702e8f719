import { describe, expect, it } from 'vitest';
import { authorizationOf, isSubscription } from './playgroundFetcher';

describe('playground fetcher', () => {
  it('sends subscriptions over the socket, everything else over HTTP', () => {
    expect(
      isSubscription({ query: 'subscription { issueEvents(repository: "a/b") { id } }' }),
    ).toBe(true);
    expect(isSubscription({ query: '{ viewer { login } }' })).toBe(false);
    const both =
      'query Q { viewer { login } } subscription S { issueEvents(repository: "a/b") { id } }';
    expect(isSubscription({ query: both, operationName: 'S' })).toBe(true);
    expect(isSubscription({ query: both, operationName: 'Q' })).toBe(false);
    expect(isSubscription({ query: 'not graphql' })).toBe(false);
  });

  it('finds the Authorization header whatever its case', () => {
    expect(authorizationOf({ authorization: 'Bearer a' })).toBe('Bearer a');
    expect(authorizationOf({ Authorization: 'Bearer b' })).toBe('Bearer b');
    expect(authorizationOf({ other: 'x' })).toBeUndefined();
    expect(authorizationOf(undefined)).toBeUndefined();
  });
});
