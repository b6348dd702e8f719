import pino from 'pino';
import { currentRequestId } from './requestContext';

export type Logger = pino.Logger;

/** JSON logs; every line logged inside a request carries its `requestId`. */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin() {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
  });
}
