import { builder } from './builder';
import { IssueOrderInput, IssueStateEnum } from './enums';

/** The filter arguments shared by `Query.issues` and `Repository.issues`. */
export const issueListArgs = builder.args((t) => ({
  state: t.field({ type: IssueStateEnum }),
  labels: t.stringList(),
  author: t.string(),
  assignee: t.string({ description: 'Only issues assigned to this login' }),
  search: t.string(),
  orderBy: t.field({ type: IssueOrderInput }),
  first: t.int({ defaultValue: 20 }),
  after: t.string(),
}));
