import { notFound } from '@gitforge/errors';
import type { IssuesContext } from '../context';
import type { Issue } from '../db/entities';
import { validateId } from '../services/validation';

/** A repository the viewer may not read does not exist for them. */
export async function requireReadable(ctx: IssuesContext, repository: string): Promise<void> {
  if (!(await ctx.access.canRead(ctx.viewer, repository))) {
    throw notFound(`Repository ${repository}`);
  }
}

/** The issue with this id if the viewer may read its repository (batched with the page's). */
export async function readableIssueById(ctx: IssuesContext, id: string): Promise<Issue> {
  const issue = await ctx.loaders.issueById.load(validateId('id', id));
  if (!issue || !(await ctx.access.canRead(ctx.viewer, issue.repository))) {
    throw notFound(`Issue ${id}`);
  }
  return issue;
}
