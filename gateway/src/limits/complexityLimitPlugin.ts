import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../GatewayContext';
import type { OperationLimits } from './OperationLimits';

/**
 * Runs `OperationLimits` after validation and before the query planner calls any subgraph. A
 * RATE_LIMITED refusal also gets the HTTP `Retry-After` header.
 */
export function complexityLimitPlugin(limits: OperationLimits): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (!operation) return;
          await limits.admit(schema, document, operation, request.variables, contextValue);
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const retryAfter = response.body.singleResult.errors?.find(
            (e) => e.extensions?.code === 'RATE_LIMITED',
          )?.extensions?.retryAfterSeconds;
          if (typeof retryAfter === 'number') {
            response.http.headers.set('retry-after', String(retryAfter));
          }
        },
      };
    },
  };
}
