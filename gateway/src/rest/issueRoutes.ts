import type { Route } from '@gitforge/server';
import {
  ADD_COMMENT,
  CLOSE_ISSUE,
  CREATE_ISSUE,
  ISSUE_BY_ID,
  ISSUE_COMMENTS,
  LIST_ISSUES,
  REOPEN_ISSUE,
  UPDATE_ISSUE,
} from './issueOperations';
import {
  commentBody,
  createCommentBody,
  createIssueBody,
  listIssuesQuery,
  parseInput,
  patchIssueBody,
} from './restInput';
import { RestError } from './RestError';
import { restRoute, type RestDependencies, type RestRequest } from './restRoute';
import { toRestComment, toRestIssue, type CommentNode, type IssueNode } from './restShapes';

type IssueResult<K extends string> = Record<K, IssueNode>;
type CommentsResult = { issueById: { comments: { nodes: CommentNode[] } } };

async function issueById(api: RestRequest, id: string): Promise<IssueNode> {
  return (await api.execute<IssueResult<'issueById'>>(ISSUE_BY_ID, { id })).issueById;
}

async function listComments(api: RestRequest, issueId: string) {
  const data = await api.execute<CommentsResult>(ISSUE_COMMENTS, { id: issueId });
  return { status: 200, body: data.issueById.comments.nodes.map(toRestComment) };
}

async function addComment(api: RestRequest, issueId: string, body: string) {
  const input = { issueId, body };
  const data = await api.execute<{ addComment: CommentNode }>(ADD_COMMENT, { input });
  return { status: 201, body: toRestComment(data.addComment) };
}

/**
 * PATCH: title/description/labels → updateIssue; status → closeIssue/reopenIssue, only when it
 * differs (so repeating a PATCH is harmless). Operations run in that order; the first error wins.
 */
async function patchIssue(api: RestRequest, id: string): Promise<IssueNode> {
  const patch = parseInput(patchIssueBody, await api.json());
  let issue: IssueNode | undefined;
  if (patch.title !== undefined || patch.description !== undefined || patch.labels) {
    const input = {
      id,
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.description !== undefined ? { body: patch.description } : {}),
      ...(patch.labels ? { labels: patch.labels } : {}),
    };
    issue = (await api.execute<IssueResult<'updateIssue'>>(UPDATE_ISSUE, { input })).updateIssue;
  }
  issue ??= await issueById(api, id);
  const wanted =
    patch.status === 'closed' ? 'CLOSED' : patch.status === 'open' ? 'OPEN' : undefined;
  if (wanted === 'CLOSED' && issue.state !== 'CLOSED') {
    const data = await api.execute<IssueResult<'closeIssue'>>(CLOSE_ISSUE, { input: { id } });
    issue = data.closeIssue;
  } else if (wanted === 'OPEN' && issue.state !== 'OPEN') {
    const data = await api.execute<IssueResult<'reopenIssue'>>(REOPEN_ISSUE, { input: { id } });
    issue = data.reopenIssue;
  }
  return issue;
}

/** The seed's `/api/issues` and `/api/comments`, each a translation to GraphQL operations. */
export function issueRoutes(deps: RestDependencies): Route[] {
  return [
    restRoute(deps, '/api/issues', ['GET', 'POST'], /^\/api\/issues\/?$/, async (api) => {
      if (api.method === 'GET') {
        const query = parseInput(listIssuesQuery, Object.fromEntries(api.url.searchParams));
        const variables = {
          repository: query.repository ?? null,
          state: query.status ? query.status.toUpperCase() : null,
        };
        const data = await api.execute<{ issues: { nodes: IssueNode[] } }>(LIST_ISSUES, variables);
        return { status: 200, body: data.issues.nodes.map(toRestIssue) };
      }
      const body = parseInput(createIssueBody, await api.json());
      const input = {
        repository: body.repository,
        title: body.title,
        body: body.description ?? '',
        ...(body.labels ? { labels: body.labels } : {}),
      };
      const data = await api.execute<IssueResult<'createIssue'>>(CREATE_ISSUE, { input });
      return { status: 201, body: toRestIssue(data.createIssue) };
    }),
    restRoute(
      deps,
      '/api/issues/:id',
      ['GET', 'PATCH'],
      /^\/api\/issues\/([^/]+)\/?$/,
      async (api) => {
        const id = api.params[0]!;
        const issue = api.method === 'GET' ? await issueById(api, id) : await patchIssue(api, id);
        return { status: 200, body: toRestIssue(issue) };
      },
    ),
    restRoute(
      deps,
      '/api/issues/:id/comments',
      ['GET', 'POST'],
      /^\/api\/issues\/([^/]+)\/comments\/?$/,
      async (api) => {
        const id = api.params[0]!;
        if (api.method === 'GET') return listComments(api, id);
        return addComment(api, id, parseInput(commentBody, await api.json()).body);
      },
    ),
    restRoute(deps, '/api/comments', ['GET', 'POST'], /^\/api\/comments\/?$/, async (api) => {
      if (api.method === 'GET') {
        const issueId = api.url.searchParams.get('issue_id');
        if (!issueId) {
          throw RestError.fromCode('BAD_USER_INPUT', 'issue_id: required', 'issue_id');
        }
        return listComments(api, issueId);
      }
      const body = parseInput(createCommentBody, await api.json());
      return addComment(api, body.issue_id, body.body);
    }),
  ];
}
