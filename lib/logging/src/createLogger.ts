import pino from 'pino';
import { requestLogFields } from './requestContext';

export type Logger = pino.Logger;

/** Keys whose values are credentials wherever they appear (up to three levels deep). */
const SECRET_KEYS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'password',
  'newPassword',
  'token',
  'accessToken',
  'access_token',
  'upstreamToken',
  'upstreamAuthorization',
  'adminToken',
  'secret',
  'jwtSecret',
  'webhookSecret',
  'demoPassword',
];

export const REDACTED = '[redacted]';

export const redactedPaths: string[] = SECRET_KEYS.flatMap((key) => [
  `["${key}"]`,
  `*["${key}"]`,
  `*.*["${key}"]`,
]);

/**
 * JSON logs with `level`, `time`, `service`; every line logged inside a request carries its
 * `requestId` and, once known, `user` and `operationName`. Credentials under the keys above are
 * censored. `destination` is for tests (default: stdout).
 */
export function createLogger(
  service: string,
  level = process.env.LOG_LEVEL ?? 'info',
  destination?: pino.DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: redactedPaths, censor: REDACTED },
    mixin: requestLogFields,
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * A logger for lines whose fields are known to hold no credential (the access line: method,
 * route template, status, duration, request id, login, operation name): same destination,
 * bindings (`service`), timestamp and request fields as `logger`, but no redaction pass, which
 * walked every path pattern above on every line. It writes whatever level it is given; the
 * caller checks `logger.isLevelEnabled` first.
 */
export function unredactedLoggerLike(logger: Logger): Logger {
  const destination = (logger as unknown as Record<symbol, pino.DestinationStream>)[
    pino.symbols.streamSym
  ];
  return pino(
    {
      level: 'trace',
      base: logger.bindings(),
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin: requestLogFields,
    },
    destination,
  );
}
