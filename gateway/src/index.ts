export {
  createGateway,
  type GatewayOptions,
  type RunningGateway,
  type SubscriptionOptions,
  type SubscriptionStats,
} from './createGateway';
export { parseSubgraphList, type SubgraphEndpoint } from './subgraphs/parseSubgraphList';
export type { GatewayContext } from './GatewayContext';
