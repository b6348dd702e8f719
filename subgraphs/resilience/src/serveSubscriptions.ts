import type { Server } from 'node:http';
import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { authorizationFromConnectionParams, viewerFromAuthorization } from '@gitforge/auth';
import { maskError } from '@gitforge/errors';
import type { Logger } from '@gitforge/logging';
import type { ResilienceContext } from './context';
import type { PubSub } from '@gitforge/pubsub';
import type { ResilienceManager } from './services/ResilienceManager';

/**
 * graphql-ws on the same server and path as HTTP GraphQL. A token, when sent, goes in the
 * connection params (`authorization: "Bearer ..."`); a bad one refuses the connection.
 */
export function serveSubscriptions(options: {
  server: Server;
  schema: GraphQLSchema;
  manager: ResilienceManager;
  pubsub: PubSub;
  jwtSecret: string;
  logger: Logger;
}): { close(): Promise<void> } {
  const { schema, manager, pubsub, jwtSecret, logger } = options;
  const wss = new WebSocketServer({ server: options.server, path: '/graphql' });
  const mask = (errors: readonly Error[]) =>
    errors.map((err) =>
      maskError(
        {
          message: err.message,
          extensions: (err as { extensions?: Record<string, unknown> }).extensions,
        },
        err,
        (e) => logger.error({ err: e }, 'subscription error'),
      ),
    );
  const disposable = useServer(
    {
      schema,
      onConnect: async (ctx) => {
        try {
          await viewerFromAuthorization(
            jwtSecret,
            authorizationFromConnectionParams(ctx.connectionParams),
          );
          return true;
        } catch {
          return false;
        }
      },
      context: async (ctx): Promise<ResilienceContext> => ({
        viewer: await viewerFromAuthorization(
          jwtSecret,
          authorizationFromConnectionParams(ctx.connectionParams),
        ),
        manager,
        pubsub,
        afterResponse: (fn) => setImmediate(fn),
      }),
      onError: (_ctx, _id, _payload, errors) => mask(errors),
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: mask(result.errors as readonly Error[]) } : undefined,
    },
    wss,
  );
  return {
    async close() {
      for (const client of wss.clients) client.terminate();
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
