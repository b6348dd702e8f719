export { GiteaClient } from './GiteaClient';
export { GiteaAccessClient, GITEA_REPO_UNITS, type GiteaLevel } from './GiteaAccessClient';
export type * from './accessWire';
export { GITEA_MAX_LIMIT, type GiteaPage, type PageRequest } from './giteaRequests';
export { GiteaTransport, type GiteaAuth, type GiteaTransportOptions } from './GiteaTransport';
export { GITEA_UPSTREAM, GiteaError, isGiteaError, type GiteaFailureKind } from './GiteaError';
export { GiteaBulkhead, type GiteaBulkheadOptions } from './giteaBulkhead';
export { beginRequestBudget } from './requestBudget';
export {
  createGiteaBreaker,
  CIRCUIT_STATE_VALUE,
  type CircuitStateName,
  type GiteaBreaker,
} from './giteaBreaker';
export type * from './wire';
