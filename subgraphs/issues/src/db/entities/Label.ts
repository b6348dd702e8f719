import { EntitySchema } from '@mikro-orm/core';

export interface Label {
  id: string;
  repository: string;
  name: string;
  color: string;
  createdAt: Date;
}

export const LabelSchema = new EntitySchema<Label>({
  name: 'Label',
  tableName: 'labels',
  properties: {
    id: { type: 'uuid', primary: true },
    repository: { type: 'string', length: 201 },
    name: { type: 'string', length: 50 },
    color: { type: 'string', length: 6 },
    createdAt: { type: 'Date' },
  },
});
