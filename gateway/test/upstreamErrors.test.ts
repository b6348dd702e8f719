import { GraphQLError } from 'graphql';
import { negotiatedResponseType } from '../src/http/graphqlOverHttpStatusPlugin';
import { httpStatusOf } from '../src/rest/RestError';
import { describeUpstreamFailure, toUpstreamError } from '../src/subgraphs/toUpstreamError';

describe('toUpstreamError (the shared classification)', () => {
  it('maps deadlines to UPSTREAM_UNAVAILABLE naming the subgraph, reason timeout', () => {
    const abort = Object.assign(new Error('The operation was aborted due to timeout'), {
      name: 'TimeoutError',
    });
    const mapped = toUpstreamError('issues', abort);
    expect(mapped.extensions).toEqual({
      code: 'UPSTREAM_UNAVAILABLE',
      subgraph: 'issues',
      upstream: 'issues',
      reason: 'timeout',
    });
    expect(mapped.message).toBe('Subgraph "issues" did not answer in time');
    for (const code of [
      'UND_ERR_HEADERS_TIMEOUT',
      'UND_ERR_BODY_TIMEOUT',
      'UND_ERR_CONNECT_TIMEOUT',
    ]) {
      const err = Object.assign(new Error('Timeout Error'), { code });
      expect(toUpstreamError('issues', err).extensions.reason).toBe('timeout');
    }
    expect(describeUpstreamFailure(abort)).toBe('timeout');
  });

  it('maps refused connections, 5xx and garbage to UPSTREAM_UNAVAILABLE without leaking details', () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
    });
    const mapped = toUpstreamError('repos', refused);
    expect(mapped.extensions).toEqual({
      code: 'UPSTREAM_UNAVAILABLE',
      subgraph: 'repos',
      upstream: 'repos',
      reason: 'ECONNREFUSED',
    });
    expect(mapped.message).not.toMatch(/127\.0\.0\.1/);
    expect(describeUpstreamFailure(refused)).toBe('ECONNREFUSED');

    const badGateway = new GraphQLError('502: Bad Gateway', {
      extensions: { response: { status: 502, body: '<html>secret</html>' } },
    });
    expect(toUpstreamError('repos', badGateway).extensions).toEqual({
      code: 'UPSTREAM_UNAVAILABLE',
      subgraph: 'repos',
      upstream: 'repos',
      reason: 'HTTP 502',
    });
    expect(describeUpstreamFailure(badGateway)).toBe('HTTP 502');
    const garbage = new Error('Expected JSON response body');
    expect(toUpstreamError('repos', garbage).extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(describeUpstreamFailure(garbage)).toBe('Expected JSON response body');
  });

  it('keeps 401/403/429 from a subgraph; a bare 404 is a wrong URL, not NOT_FOUND', () => {
    const status = (s: number) =>
      toUpstreamError(
        'issues',
        new GraphQLError(`${s}`, { extensions: { response: { status: s } } }),
      ).extensions.code;
    expect(status(401)).toBe('UNAUTHENTICATED');
    expect(status(403)).toBe('FORBIDDEN');
    expect(status(429)).toBe('RATE_LIMITED');
    expect(status(404)).toBe('UPSTREAM_UNAVAILABLE');
  });
});

describe('negotiatedResponseType', () => {
  it.each([
    [undefined, 'application/json'],
    ['application/json', 'application/json'],
    ['*/*', 'application/json'],
    ['application/graphql-response+json', 'application/graphql-response+json'],
    [
      'application/graphql-response+json, application/json;q=0.9',
      'application/graphql-response+json',
    ],
    ['text/html', undefined],
  ])('%s → %s', (accept, expected) => {
    expect(negotiatedResponseType(accept)).toBe(expected);
  });
});

describe('httpStatusOf', () => {
  it.each([
    ['NOT_FOUND', 404],
    ['UNAUTHENTICATED', 401],
    ['UPSTREAM_UNAVAILABLE', 502],
    ['GATEWAY_TIMEOUT', 504],
    ['GRAPHQL_VALIDATION_FAILED', 400],
    ['BAD_REQUEST', 400],
    ['SOMETHING_ELSE', 500],
  ])('%s → %d', (code, status) => {
    expect(httpStatusOf(code)).toBe(status);
  });
});
