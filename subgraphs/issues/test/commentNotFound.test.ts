import type { Viewer } from '@gitforge/auth';
import type { OwnerRuleAccess } from '../src/services/repositoryAccess';
import { startIssues, uniqueRepo, type TestIssues } from './startIssues';

/*
 * Issue 13 item 9: updateComment/deleteComment on a comment of a repository the caller cannot
 * read answered "Repository demo/secretproj not found". They must say only that the comment was
 * not found, exactly as for an id that does not exist.
 */

const secret = uniqueRepo('alice');
const access: OwnerRuleAccess = {
  async canRead(viewer: Viewer | null, repository: string) {
    return repository !== secret || viewer?.login === 'alice';
  },
  async isOwner(viewer: Viewer | null, repository: string) {
    return viewer?.login === repository.split('/')[0];
  },
};

let issues: TestIssues;
let commentId: string;
beforeAll(async () => {
  issues = await startIssues({ access });
  const issue = await issues.gql(
    `mutation($i: CreateIssueInput!) { createIssue(input: $i) { id } }`,
    { i: { repository: secret, title: 'Secret plan' } },
    'alice',
  );
  const comment = await issues.gql(
    `mutation($i: AddCommentInput!) { addComment(input: $i) { id } }`,
    { i: { issueId: issue.data.createIssue.id, body: 'secret comment' } },
    'alice',
  );
  commentId = comment.data.addComment.id;
});
afterAll(() => issues?.close());

const UPDATE = `mutation($i: UpdateCommentInput!) { updateComment(input: $i) { body } }`;
const DELETE = `mutation($i: DeleteCommentInput!) { deleteComment(input: $i) { id } }`;

describe('a comment in a repository the caller cannot read', () => {
  it.each([
    ['update', UPDATE, { body: 'defaced' }],
    ['delete', DELETE, {}],
  ])(
    '%s by an outsider: only "Comment … not found", like a missing id',
    async (_op, query, extra) => {
      const res = await issues.gql(query, { i: { id: commentId, ...extra } }, 'bob');
      expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(res.errors?.[0]?.message).toBe(`Comment ${commentId} not found`);
      expect(JSON.stringify(res)).not.toContain(secret);
      const missing = '00000000-0000-4000-8000-000000000000';
      const other = await issues.gql(query, { i: { id: missing, ...extra } }, 'bob');
      expect(other.errors?.[0]?.message).toBe(`Comment ${missing} not found`);
    },
  );

  it.each([
    ['update', UPDATE, { body: 'defaced' }],
    ['delete', DELETE, {}],
  ])('%s anonymously: UNAUTHENTICATED, naming nothing', async (_op, query, extra) => {
    const res = await issues.gql(query, { i: { id: commentId, ...extra } }, null);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(res)).not.toContain(secret);
  });

  it('the owner still edits and deletes it', async () => {
    const edited = await issues.gql(UPDATE, { i: { id: commentId, body: 'edited' } }, 'alice');
    expect(edited.data?.updateComment).toEqual({ body: 'edited' });
    const deleted = await issues.gql(DELETE, { i: { id: commentId } }, 'alice');
    expect(deleted.data?.deleteComment).toEqual({ id: commentId });
  });
});
