export {
  createLogger,
  logSyncFromEnv,
  stdoutDestination,
  redactedPaths,
  REDACTED,
  unredactedLoggerLike,
  type Logger,
} from './createLogger';
export {
  BufferedDestination,
  type BufferedDestinationOptions,
  type WriteOut,
} from './BufferedDestination';
export {
  requestContext,
  currentRequestId,
  currentRequestTraceId,
  requestLogFields,
  runWithRequestId,
  setOperationName,
  setRequestUser,
  REQUEST_ID_HEADER,
  type RequestContext,
} from './requestContext';
