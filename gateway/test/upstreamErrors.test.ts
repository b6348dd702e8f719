import { GraphQLError } from 'graphql';
import { negotiatedResponseType } from '../src/http/graphqlOverHttpStatusPlugin';
import { httpStatusOf } from '../src/rest/RestError';
import { describeUpstreamFailure, toUpstreamError } from '../src/subgraphs/toUpstreamError';

describe('toUpstreamError', () => {
  it('maps deadlines to GATEWAY_TIMEOUT', () => {
    const abort = Object.assign(new Error('The operation was aborted due to timeout'), {
      name: 'TimeoutError',
    });
    expect(toUpstreamError('issues', abort).extensions).toEqual({
      code: 'GATEWAY_TIMEOUT',
      subgraph: 'issues',
    });
    const headers = Object.assign(new Error('Headers Timeout Error'), {
      code: 'UND_ERR_HEADERS_TIMEOUT',
    });
    expect(toUpstreamError('issues', headers).extensions.code).toBe('GATEWAY_TIMEOUT');
  });

  it('maps refused connections, 5xx and garbage to UPSTREAM_UNAVAILABLE without leaking details', () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
    });
    const mapped = toUpstreamError('repos', refused);
    expect(mapped.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', subgraph: 'repos' });
    expect(mapped.message).not.toMatch(/127\.0\.0\.1/);
    expect(describeUpstreamFailure(refused)).toBe('ECONNREFUSED');

    const badGateway = new GraphQLError('502: Bad Gateway', {
      extensions: { response: { status: 502, body: '<html>secret</html>' } },
    });
    expect(toUpstreamError('repos', badGateway).extensions).toEqual({
      code: 'UPSTREAM_UNAVAILABLE',
      subgraph: 'repos',
    });
    expect(describeUpstreamFailure(badGateway)).toBe('HTTP 502');
    expect(toUpstreamError('repos', new Error('Expected JSON response body')).extensions.code).toBe(
      'UPSTREAM_UNAVAILABLE',
    );
  });

  it('keeps 401/403 from a subgraph as UNAUTHENTICATED/FORBIDDEN', () => {
    const denied = new GraphQLError('403: Forbidden', {
      extensions: { response: { status: 403 } },
    });
    expect(toUpstreamError('issues', denied).extensions.code).toBe('FORBIDDEN');
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
