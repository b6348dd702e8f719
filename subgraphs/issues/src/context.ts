import type { Viewer } from '@gitforge/auth';
import type { CommentService } from './services/CommentService';
import type { Loaders } from './services/createLoaders';
import type { IssueEventBus } from './services/IssueEventBus';
import type { IssueQuery } from './services/IssueQuery';
import type { IssueService } from './services/IssueService';

export interface IssuesContext {
  viewer: Viewer | null;
  issues: IssueService;
  comments: CommentService;
  issueQuery: IssueQuery;
  loaders: Loaders;
  events: IssueEventBus;
}
