export { IssueSchema, type Issue, type IssueState, type IssueStateReason } from './Issue';
export { CommentSchema, type Comment } from './Comment';
export { LabelSchema, type Label } from './Label';
export { IssueLabelSchema, type IssueLabel } from './IssueLabel';
