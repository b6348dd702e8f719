import type { Comment, Issue } from '../db/entities';
import { builder } from './builder';
import { connectionOf } from './connection';

// Declared before they are implemented so that types referring to each other need no cycles.
export const IssueRef = builder.objectRef<Issue>('Issue');
export const CommentRef = builder.objectRef<Comment>('Comment');
export const RepositoryRef = builder.objectRef<{ fullName: string }>('Repository');
export const IssueConnection = connectionOf('Issue', IssueRef);
export const CommentConnection = connectionOf('Comment', CommentRef);
