import { builder } from './builder';
import { IssueOrderInput, IssueStateEnum } from './enums';

/** The filter arguments shared by `Query.issues` and `Repository.issues`. */
export const issueListArgs = builder.args((t) => ({
  state: t.field({ type: IssueStateEnum }),
  labels: t.stringList(),
  author: t.string(),
  search: t.string(),
  orderBy: t.field({ type: IssueOrderInput }),
  first: t.int({ defaultValue: 20 }),
  after: t.string(),
}));
