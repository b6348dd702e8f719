import type { Viewer } from '@gitforge/auth';
import type { CommentService } from './services/CommentService';
import type { Loaders } from './services/createLoaders';
import type { IssueEventBus } from './services/IssueEventBus';
import type { IssueQuery } from './services/IssueQuery';
import type { IssueService } from './services/IssueService';
import type { RepositoryAccess } from './services/repositoryAccess';

export interface IssuesContext {
  viewer: Viewer | null;
  /** This request's permission checks (each repository decided once per request). */
  access: RepositoryAccess;
  issues: IssueService;
  comments: CommentService;
  issueQuery: IssueQuery;
  loaders: Loaders;
  events: IssueEventBus;
}
