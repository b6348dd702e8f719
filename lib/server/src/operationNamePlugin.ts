import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { setOperationName } from '@gitforge/logging';

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * Operation names come from clients, so what reaches logs and metric labels stays bounded:
 * no name is `anonymous`, malformed names and any beyond the first `maxNames` distinct ones
 * are `other`.
 */
export function boundedOperationNames(maxNames = 200): (name: string | null | undefined) => string {
  const seen = new Set<string>();
  return (name) => {
    if (!name) return 'anonymous';
    if (!NAME.test(name)) return 'other';
    if (seen.has(name)) return name;
    if (seen.size >= maxNames) return 'other';
    seen.add(name);
    return name;
  };
}

/** Puts the (bounded) name of each resolved GraphQL operation on the request's log lines. */
export function operationNamePlugin<TContext extends BaseContext>(
  label: (name: string | null | undefined) => string = boundedOperationNames(),
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operationName }) {
          setOperationName(label(operationName));
        },
      };
    },
  };
}
