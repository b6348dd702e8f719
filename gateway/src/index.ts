export { createGateway, type GatewayOptions, type RunningGateway } from './createGateway';
export { parseSubgraphList, type SubgraphEndpoint } from './subgraphs/parseSubgraphList';
export type { GatewayContext } from './GatewayContext';
