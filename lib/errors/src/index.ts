export { ErrorCode, errorCodes, type ErrorCodeName, type ErrorCodeInfo } from './registry';
export { gitforgeError, badUserInput, isGitforgeError } from './gitforgeError';
export { DomainError, notFound, invalidField } from './DomainError';
export { maskError } from './maskError';
export {
  classifyUpstreamError,
  classifyUpstreamStatus,
  circuitOpenFailure,
  overloadedFailure,
  isTimeoutError,
  upstreamExtensions,
  type UpstreamFailure,
  type UpstreamFailureKind,
} from './upstreamFailure';
export { TIMEOUT_HEADER, DEADLINE_MARGIN_MS, requestBudgetMs } from './deadlines';
