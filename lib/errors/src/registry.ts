export interface ErrorCodeInfo {
  code: string;
  description: string;
  /** The HTTP status this error implies when it is the only error of a response. */
  httpStatus: number;
}

function define(code: string, httpStatus: number, description: string): ErrorCodeInfo {
  return { code, httpStatus, description };
}

/** The one registry of `extensions.code` values used by every GitForge service. */
export const errorCodes = {
  BAD_USER_INPUT: define(
    'BAD_USER_INPUT',
    400,
    'An argument is invalid; `extensions.field` names it.',
  ),
  GRAPHQL_VALIDATION_FAILED: define(
    'GRAPHQL_VALIDATION_FAILED',
    400,
    'The operation is not valid against the schema.',
  ),
  GRAPHQL_PARSE_FAILED: define(
    'GRAPHQL_PARSE_FAILED',
    400,
    'The operation is not syntactically valid GraphQL.',
  ),
  QUERY_TOO_COMPLEX: define(
    'QUERY_TOO_COMPLEX',
    400,
    'The operation exceeds the depth or cost limit.',
  ),
  PERSISTED_QUERY_NOT_IN_LIST: define(
    'PERSISTED_QUERY_NOT_IN_LIST',
    400,
    'The gateway serves only its persisted operations (an allow-list) and this is not one.',
  ),
  PAYLOAD_TOO_LARGE: define('PAYLOAD_TOO_LARGE', 413, 'The request body exceeds the size limit.'),
  UNAUTHENTICATED: define(
    'UNAUTHENTICATED',
    401,
    'The token is missing where required, malformed, or expired.',
  ),
  FORBIDDEN: define('FORBIDDEN', 403, 'The signed-in user may not do this.'),
  NOT_FOUND: define(
    'NOT_FOUND',
    404,
    'The object does not exist (or is not visible to the caller).',
  ),
  CONFLICT: define('CONFLICT', 409, 'The object already exists or was changed concurrently.'),
  CURSOR_EXPIRED: define(
    'CURSOR_EXPIRED',
    410,
    'The stream cursor is older than the retention of its events: the events after it are ' +
      'gone. Reload the current state and subscribe again without `after`.',
  ),
  RATE_LIMITED: define('RATE_LIMITED', 429, 'Too many requests.'),
  QUOTA_EXCEEDED: define(
    'QUOTA_EXCEEDED',
    403,
    "The owner's repository count or total repository size would exceed its quota " +
      '(`extensions.owner`, `extensions.limit` name which); nothing was changed.',
  ),
  UPSTREAM_UNAVAILABLE: define(
    'UPSTREAM_UNAVAILABLE',
    502,
    'A service this operation depends on is down or hung; `extensions.upstream` names it and ' +
      '`extensions.reason` says why (timeout, refused, HTTP 5xx, circuit open).',
  ),
  GATEWAY_TIMEOUT: define(
    'GATEWAY_TIMEOUT',
    504,
    'Kept for clients; no longer produced: a dependency that does not answer in time is ' +
      'UPSTREAM_UNAVAILABLE with `extensions.reason: "timeout"` naming the `upstream`.',
  ),
  INTERNAL: define('INTERNAL', 500, 'An unexpected error; details are logged with the request id.'),
} as const;

export type ErrorCodeName = keyof typeof errorCodes;

export const ErrorCode = Object.fromEntries(Object.keys(errorCodes).map((k) => [k, k])) as {
  [K in ErrorCodeName]: K;
};
