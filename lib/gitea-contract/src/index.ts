export { loadSpec, SPEC_PATH, type SwaggerSpec, type SwaggerOperation } from './loadSpec';
export { findOperation, type MatchedOperation } from './findOperation';
export { validateRequest, type ContractRequest, type RequestCheck } from './validateRequest';
export { validateResponse, type ResponseCheck } from './validateResponse';
