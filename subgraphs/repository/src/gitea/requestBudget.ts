import { requestContext } from '@gitforge/logging';

/** Per request (the request-context object): when its Gitea work must be over. */
const deadlines = new WeakMap<object, number>();

/**
 * Milliseconds left of the current request's budget for Gitea calls (`REPOSITORY_REQUEST_TIMEOUT_MS`),
 * counted from the request's first Gitea call; undefined outside a request or without a budget.
 * A resolver chain of several sequential calls thus ends before the gateway gives up on it.
 */
export function remainingBudgetMs(budgetMs: number | undefined): number | undefined {
  if (budgetMs === undefined) return undefined;
  const store = requestContext.getStore();
  if (!store) return undefined;
  const now = Date.now();
  let deadline = deadlines.get(store);
  if (deadline === undefined) {
    deadline = now + budgetMs;
    deadlines.set(store, deadline);
  }
  return deadline - now;
}
