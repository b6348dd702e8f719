export { ErrorCode, errorCodes, type ErrorCodeName, type ErrorCodeInfo } from './registry';
export { gitforgeError, badUserInput, isGitforgeError } from './gitforgeError';
export { maskError } from './maskError';
