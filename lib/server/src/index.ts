export {
  startServiceServer,
  type ServiceServer,
  type ServiceServerOptions,
  type Route,
} from './startServiceServer';
export { readBody, PayloadTooLargeError } from './readBody';
export { sendJson } from './sendJson';
export {
  apolloRequestHandler,
  graphqlRoute,
  type ApolloHandlerOptions,
} from './apolloRequestHandler';
export { onShutdownSignal } from './onShutdownSignal';
export { closeWebSocketClients } from './closeWebSocketClients';
export { boundedOperationNames, operationNamePlugin } from './operationNamePlugin';
export { startSubgraphApollo } from './startSubgraphApollo';
export {
  clientAddress,
  normalizeAddress,
  TrustedProxies,
  trustedProxiesVariable,
} from './clientAddress';
