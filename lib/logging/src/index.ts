export {
  createLogger,
  redactedPaths,
  REDACTED,
  unredactedLoggerLike,
  type Logger,
} from './createLogger';
export {
  requestContext,
  currentRequestId,
  requestLogFields,
  runWithRequestId,
  setOperationName,
  setRequestUser,
  REQUEST_ID_HEADER,
  type RequestContext,
} from './requestContext';
