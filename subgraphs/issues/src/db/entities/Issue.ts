import { EntitySchema } from '@mikro-orm/core';

export type IssueState = 'OPEN' | 'CLOSED';
export type IssueStateReason = 'COMPLETED' | 'NOT_PLANNED' | 'REOPENED';

export interface Issue {
  id: string;
  repository: string;
  number: number;
  title: string;
  body: string;
  state: IssueState;
  stateReason: IssueStateReason | null;
  author: string;
  commentCount: number;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
}

export const IssueSchema = new EntitySchema<Issue>({
  name: 'Issue',
  tableName: 'issues',
  properties: {
    id: { type: 'uuid', primary: true },
    repository: { type: 'string', length: 201 },
    number: { type: 'integer' },
    title: { type: 'string', length: 256 },
    body: { type: 'text' },
    state: { type: 'string', length: 16 },
    stateReason: { type: 'string', length: 16, nullable: true },
    author: { type: 'string', length: 64 },
    commentCount: { type: 'integer' },
    createdAt: { type: 'Date' },
    updatedAt: { type: 'Date' },
    closedAt: { type: 'Date', nullable: true },
  },
});
