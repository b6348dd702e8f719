import type { Comment, Issue, Label } from '../db/entities';
import { builder } from './builder';
import { connectionOf } from './connection';

// Declared before they are implemented so that types referring to each other need no cycles.
/**
 * Events carry the issue's labels and assignees with it; issues read from the database load
 * them on demand.
 */
export const IssueRef = builder.objectRef<Issue & { labels?: Label[]; assignees?: string[] }>(
  'Issue',
);
export const CommentRef = builder.objectRef<Comment>('Comment');
export const RepositoryRef = builder.objectRef<{ fullName: string }>('Repository');
export const IssueConnection = connectionOf('Issue', IssueRef);
export const CommentConnection = connectionOf('Comment', CommentRef);
