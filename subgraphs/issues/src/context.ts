import type { Viewer } from '@gitforge/auth';
import type { RepositoryAccessChanges } from './permissions/RepositoryAccessChanges';
import type { QuotaService } from './quota/quotaService';
import type { AssigneeService } from './services/AssigneeService';
import type { CommentService } from './services/CommentService';
import type { Loaders } from './services/createLoaders';
import type { IssueEventBus } from './services/IssueEventBus';
import type { IssueQuery } from './services/IssueQuery';
import type { IssueService } from './services/IssueService';
import type { RepositoryAccess } from './services/repositoryAccess';

export interface IssuesContext {
  viewer: Viewer | null;
  /**
   * The caller presented the gateway's feed token (not a user: `viewer` is null): it may only
   * subscribe to `issueEvents` (every event) and `repositoryAccessChanges` (schema/feedToken.ts).
   */
  feed: boolean;
  accessChanges: RepositoryAccessChanges;
  /** This request's permission checks (each repository decided once per request). */
  access: RepositoryAccess;
  issues: IssueService;
  comments: CommentService;
  assignees: AssigneeService;
  issueQuery: IssueQuery;
  loaders: Loaders;
  events: IssueEventBus;
  /** Owner quota limits (setOwnerQuota, resetOwnerQuota, the OwnerQuota entity). */
  quotas: QuotaService;
}

/** The services made only when a resolver first uses them. */
type LazyService = 'issues' | 'comments' | 'assignees' | 'issueQuery' | 'loaders';

export type ContextFactories = { [K in LazyService]: () => IssuesContext[K] };

const LAZY: readonly LazyService[] = ['issues', 'comments', 'assignees', 'issueQuery', 'loaders'];

/**
 * The lazy services' getters live on the prototype: Apollo Server copies the context per
 * request (`Object.assign` onto an object of the same prototype), which calls own getters, so
 * getters on the object itself made every service (an ORM fork among them) for every request.
 * The copy shares `made` with the original, so each service is still made once per request.
 */
class LazyContext {
  constructor(
    eager: Omit<IssuesContext, LazyService>,
    readonly make: ContextFactories,
    readonly made: Partial<Pick<IssuesContext, LazyService>> = {},
  ) {
    Object.assign(this, eager);
  }
}
for (const name of LAZY) {
  Object.defineProperty(LazyContext.prototype, name, {
    get(this: LazyContext) {
      return (this.made[name] ??= this.make[name]() as never);
    },
  });
}

export function lazyContext(
  eager: Omit<IssuesContext, LazyService>,
  make: ContextFactories,
): IssuesContext {
  return new LazyContext(eager, make) as unknown as IssuesContext;
}
