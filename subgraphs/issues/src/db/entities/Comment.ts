import { EntitySchema } from '@mikro-orm/core';

export interface Comment {
  id: string;
  issueId: string;
  author: string;
  body: string;
  createdAt: Date;
  updatedAt: Date;
}

export const CommentSchema = new EntitySchema<Comment>({
  name: 'Comment',
  tableName: 'comments',
  properties: {
    id: { type: 'uuid', primary: true },
    issueId: { type: 'uuid' },
    author: { type: 'string', length: 64 },
    body: { type: 'text' },
    createdAt: { type: 'Date' },
    updatedAt: { type: 'Date' },
  },
});
