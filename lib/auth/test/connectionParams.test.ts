import { authorizationFromConnectionParams } from '@gitforge/auth';

it('reads the authorization from graphql-ws connection params', () => {
  expect(authorizationFromConnectionParams({ authorization: 'Bearer a' })).toBe('Bearer a');
  expect(authorizationFromConnectionParams({ Authorization: 'Bearer b' })).toBe('Bearer b');
  expect(authorizationFromConnectionParams({ authorization: '' })).toBeUndefined();
  expect(authorizationFromConnectionParams({ authorization: 42 })).toBeUndefined();
  expect(authorizationFromConnectionParams(undefined)).toBeUndefined();
});
