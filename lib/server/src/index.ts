export {
  startServiceServer,
  type ServiceServer,
  type ServiceServerOptions,
  type Route,
} from './startServiceServer';
export { readBody, readGraphQLPostBody, PayloadTooLargeError } from './readBody';
export { sendJson } from './sendJson';
export { serviceOwnerRoute } from './serviceOwnerRoute';
export {
  answerWithApollo,
  apolloRequestHandler,
  graphqlRoute,
  type ApolloHandlerOptions,
} from './apolloRequestHandler';
export { onShutdownSignal } from './onShutdownSignal';
export { closeWebSocketClients } from './closeWebSocketClients';
export {
  serveGraphQLOverWebSocket,
  type ConnectionParams,
  type GraphQLWebSocketHooks,
  type GraphQLWebSocketOptions,
  type GraphQLWebSocketServer,
  type WebSocketConnection,
  type WebSocketLimits,
} from './serveGraphQLOverWebSocket';
export { boundedOperationNames, operationNamePlugin } from './operationNamePlugin';
export {
  startSubgraphApollo,
  subgraphFastPathOf,
  type SubgraphApolloOptions,
} from './startSubgraphApollo';
export { SubgraphFastPath, type FastPathOutcome } from './SubgraphFastPath';
export { needsApollo, PreparedDocuments, type PreparedDocumentsLimits } from './PreparedDocuments';
export { graphqlIntrospectionVariable, introspectionEnabled } from './introspection';
export {
  clientAddress,
  normalizeAddress,
  TrustedProxies,
  trustedProxiesVariable,
} from './clientAddress';
export {
  accessLogEnvModel,
  accessLogLevel,
  accessLogPolicyFromEnv,
  DEFAULT_ACCESS_LOG,
  type AccessLogMode,
  type AccessLogPolicy,
} from './accessLog';
