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
