export { createLogger, type Logger } from './createLogger';
export {
  requestContext,
  currentRequestId,
  runWithRequestId,
  REQUEST_ID_HEADER,
} from './requestContext';
