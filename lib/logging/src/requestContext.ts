import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';

interface RequestContext {
  requestId: string;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}

const VALID_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Runs `fn` with the given request id (or a fresh one when it is missing or malformed). */
export function runWithRequestId<T>(incoming: string | undefined, fn: (requestId: string) => T): T {
  const requestId = incoming && VALID_ID.test(incoming) ? incoming : randomUUID();
  return requestContext.run({ requestId }, () => fn(requestId));
}
