import { ApolloLink } from '@apollo/client';
import { Kind, OperationTypeNode, type OperationDefinitionNode } from 'graphql';
import { Observable, type Subscription } from 'rxjs';
import { hasErrorCode } from './errors';
import type { LiveConnection } from './liveConnection';
import { StreamPosition } from './streamPosition';

export const CURSOR_EXPIRED = 'CURSOR_EXPIRED';

export interface ResumableSubscriptionLinkOptions {
  /**
   * The stream could not be resumed and was restarted live: its cursor was older than the
   * server's retention (CURSOR_EXPIRED), or it dropped before its first event (no cursor to
   * resume after). What was missed must be reloaded. Default: refetch every active query.
   */
  onEventsLost?: (operation: ApolloLink.Operation) => void;
}

/** The response key of a subscription's root field, when the operation declares `$after`. */
function resumableRootKey(operation: ApolloLink.Operation): string | undefined {
  if (operation.operationType !== OperationTypeNode.SUBSCRIPTION) return undefined;
  const definition = operation.query.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (!definition?.variableDefinitions?.some((v) => v.variable.name.value === 'after')) {
    return undefined;
  }
  const root = definition.selectionSet.selections[0];
  return root?.kind === Kind.FIELD ? (root.alias ?? root.name).value : undefined;
}

function cursorExpired(result: ApolloLink.Result): boolean {
  return result.errors?.some((e) => e.extensions?.code === CURSOR_EXPIRED) ?? false;
}

/**
 * Makes subscriptions that declare `$after` (and select `cursor` on their root field) survive a
 * dropped socket: it remembers each one's last cursor and, when the socket is back, replaces the
 * subscription graphql-ws would resend unchanged by one with `after: <last cursor>`, so the
 * events missed meanwhile are replayed. Repeated events (by cursor or id) are dropped. When the
 * cursor has expired (CURSOR_EXPIRED), or the socket dropped before the first event (nothing to
 * resume after), it subscribes again without `after` and has the page reload (`onEventsLost`).
 * Apollo sees one uninterrupted subscription throughout.
 *
 * Every subscription is counted on the connection, so it can tell a drop ("Reconnecting…")
 * from the lazy close after the last subscription ended.
 */
export class ResumableSubscriptionLink extends ApolloLink {
  constructor(
    private readonly connection: LiveConnection,
    private readonly options: ResumableSubscriptionLinkOptions = {},
  ) {
    super();
  }

  override request(
    operation: ApolloLink.Operation,
    forward: ApolloLink.ForwardFunction,
  ): Observable<ApolloLink.Result> {
    if (operation.operationType !== OperationTypeNode.SUBSCRIPTION) return forward(operation);
    const rootKey = resumableRootKey(operation);
    if (rootKey === undefined) {
      return new Observable((observer) => {
        const release = this.connection.track();
        const inner = forward(operation).subscribe(observer);
        return () => {
          release();
          inner.unsubscribe();
        };
      });
    }
    return this.resumable(operation, forward, rootKey);
  }

  private resumable(
    operation: ApolloLink.Operation,
    forward: ApolloLink.ForwardFunction,
    rootKey: string,
  ): Observable<ApolloLink.Result> {
    const requested: unknown = operation.variables.after;
    return new Observable((observer) => {
      const position = new StreamPosition();
      let fromRequested = requested;
      let inner: Subscription | undefined;
      let generations = 0;
      let ended = false;

      const end = () => {
        ended = true;
        stopResuming();
        release();
        // Called from the subscription's own error/complete (done already) or by Apollo.
        inner?.unsubscribe();
      };
      const reload = () => (this.options.onEventsLost ?? refetchActiveQueries)(operation);
      const expired = () => {
        position.forgetCursor();
        fromRequested = null;
        start({ releaseLater: true });
        reload();
      };
      const start = ({ releaseLater = false } = {}) => {
        // From inside the old subscription's own callback (CURSOR_EXPIRED), graphql-ws may still
        // deliver its `complete` in this task and count the release twice (closing the socket
        // under the new subscription): let the old one end first, then release it.
        const previous = inner;
        if (releaseLater) setTimeout(() => previous?.unsubscribe(), 0);
        else previous?.unsubscribe();
        // A replaced subscription can still call back (its completion may already be on the
        // way): only the newest one speaks for the stream.
        const generation = ++generations;
        const current = () => generation === generations && !ended;
        const after = position.lastCursor ?? fromRequested ?? null;
        // Only a cursor of our own is ours to give up on expiry; the page's own `after` is not.
        const resumed = position.lastCursor !== undefined;
        operation.variables = { ...operation.variables, after };
        inner = forward(operation).subscribe({
          next: (result) => {
            if (!current()) return;
            if (resumed && cursorExpired(result)) return expired();
            const event: unknown = result.data?.[rootKey];
            if (event && typeof event === 'object' && !position.accept(event)) return;
            observer.next(result);
          },
          error: (error: unknown) => {
            if (!current()) return;
            if (resumed && hasErrorCode(error, CURSOR_EXPIRED)) return expired();
            end();
            observer.error(error);
          },
          complete: () => {
            if (!current()) return;
            end();
            observer.complete();
          },
        });
      };

      const release = this.connection.track();
      const stopResuming = this.connection.onResume(() => {
        if (ended) return;
        const lost = position.lastCursor === undefined && fromRequested == null;
        start();
        if (lost) reload();
      });
      start();
      return end;
    });
  }
}

function refetchActiveQueries(operation: ApolloLink.Operation): void {
  void operation.client.refetchQueries({ include: 'active' });
}
