import { builder } from './builder';
import { issueListArgs } from './issueListArgs';
import { requireReadable } from './readable';
import { IssueConnection, RepositoryRef } from './refs';
import { nodesSelect } from './selects';

/**
 * `Repository` is owned by the repository subgraph; this subgraph resolves it by key alone and
 * contributes its issue list and open issue count.
 */
RepositoryRef.implement({
  fields: (t) => ({
    fullName: t.exposeString('fullName'),
    issues: t.field({
      type: IssueConnection,
      args: issueListArgs,
      resolve: async (repo, args, ctx, info) => {
        await requireReadable(ctx, repo.fullName);
        return ctx.issueQuery.list(
          { ...args, repository: repo.fullName },
          { withLabels: nodesSelect(info, 'labels') },
        );
      },
    }),
    openIssueCount: t.int({
      resolve: async (repo, _args, ctx) => {
        await requireReadable(ctx, repo.fullName);
        return ctx.loaders.openIssueCount.load(repo.fullName);
      },
    }),
  }),
});

builder.asEntity(RepositoryRef, {
  key: builder.selection<{ fullName: string }>('fullName'),
  resolveReference: (ref) => ({ fullName: ref.fullName }),
});
