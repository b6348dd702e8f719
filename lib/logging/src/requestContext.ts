import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';

/** What every log line written while serving one request carries. */
export interface RequestContext {
  requestId: string;
  /** The authenticated login, once the service has verified who is asking. */
  user?: string;
  /** A bounded operation name: the GraphQL operation, or the git service. */
  operationName?: string;
  /** The request's trace id, set by its SERVER span when tracing is on. */
  traceId?: string;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}

/** The current request's trace id (set only when tracing is on). */
export function currentRequestTraceId(): string | undefined {
  return requestContext.getStore()?.traceId;
}

/** The fields of the current request that go on its log lines (none outside a request). */
export function requestLogFields(): Partial<RequestContext> {
  const store = requestContext.getStore();
  if (!store) return {};
  const { requestId, user, operationName, traceId } = store;
  return {
    requestId,
    ...(user !== undefined ? { user } : {}),
    ...(operationName !== undefined ? { operationName } : {}),
    ...(traceId !== undefined ? { traceId } : {}),
  };
}

/** Records who the current request is from (a login, never a credential); no-op outside one. */
export function setRequestUser(login: string): void {
  const store = requestContext.getStore();
  if (store) store.user = login;
}

/** Records the current request's operation; callers pass bounded names only. */
export function setOperationName(name: string): void {
  const store = requestContext.getStore();
  if (store) store.operationName = name;
}

const VALID_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Runs `fn` with the given request id (or a fresh one when it is missing or malformed). */
export function runWithRequestId<T>(incoming: string | undefined, fn: (requestId: string) => T): T {
  const requestId = incoming && VALID_ID.test(incoming) ? incoming : randomUUID();
  return requestContext.run({ requestId }, () => fn(requestId));
}
