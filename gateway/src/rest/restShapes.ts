/** GraphQL results as read by the REST operations, and the seed's JSON shapes they become. */

export interface IssueNode {
  id: string;
  number: number;
  title: string;
  body: string;
  state: 'OPEN' | 'CLOSED';
  repository: { fullName: string };
  author: { login: string };
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  labels: { name: string }[];
  commentCount: number;
}

export interface CommentNode {
  id: string;
  issue: { id: string };
  author: { login: string };
  body: string;
  createdAt: string;
}

export interface RestIssue {
  id: string;
  number: number;
  title: string;
  description: string;
  status: 'open' | 'closed';
  repository: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  labels: string[];
  comment_count: number;
}

export interface RestComment {
  id: string;
  issue_id: string;
  user: string;
  body: string;
  created_at: string;
}

export function toRestIssue(issue: IssueNode): RestIssue {
  return {
    id: issue.id,
    number: issue.number,
    title: issue.title,
    description: issue.body,
    status: issue.state === 'CLOSED' ? 'closed' : 'open',
    repository: issue.repository.fullName,
    created_by: issue.author.login,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    labels: issue.labels.map((label) => label.name),
    comment_count: issue.commentCount,
  };
}

export function toRestComment(comment: CommentNode): RestComment {
  return {
    id: comment.id,
    issue_id: comment.issue.id,
    user: comment.author.login,
    body: comment.body,
    created_at: comment.createdAt,
  };
}
