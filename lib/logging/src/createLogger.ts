import pino from 'pino';
import { BufferedDestination } from './BufferedDestination';
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
 * censored. `destination` is for tests (default: the process's buffered stdout, see
 * `stdoutDestination`).
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
  return pino(options, destination ?? stdoutDestination());
}

let shared: BufferedDestination | undefined;

/**
 * The one destination of every logger of this process on stdout: lines are gathered and written
 * in batches (see BufferedDestination), at the latest 100 ms after they are logged, at once for
 * `error` and `fatal`, and at exit. `LOG_SYNC=true` writes each line as it is logged.
 */
export function stdoutDestination(env: NodeJS.ProcessEnv = process.env): BufferedDestination {
  if (!shared) {
    const options = logSyncFromEnv(env) ? { minLength: 0 } : {};
    // Opening process.stdout makes a pipe or socket non-blocking (libuv); a file or a terminal
    // stays as it is, and a write to either does not wait for a reader. In a worker thread
    // stdout is a stream to the main thread, without a file descriptor of its own.
    const fd = process.stdout.fd as number | undefined;
    const destination =
      typeof fd === 'number'
        ? BufferedDestination.forFd(fd, options)
        : new BufferedDestination((data) => {
            process.stdout.write(data);
            return data.length;
          }, options);
    process.on('exit', () => destination.flushAtExit());
    shared = destination;
  }
  return shared;
}

const BOOLEAN_VALUES: Record<string, boolean> = {
  true: true,
  '1': true,
  yes: true,
  false: false,
  '0': false,
  no: false,
};

/** `LOG_SYNC` (default false), with the values `@gitforge/env`'s `bool` accepts. */
export function logSyncFromEnv(env: NodeJS.ProcessEnv): boolean {
  const raw = env.LOG_SYNC;
  if (raw === undefined || raw === '') return false;
  const value = BOOLEAN_VALUES[raw];
  if (value === undefined) {
    throw new Error(`LOG_SYNC: expected one of ${Object.keys(BOOLEAN_VALUES).join(', ')}`);
  }
  return value;
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
