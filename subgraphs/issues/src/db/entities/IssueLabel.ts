import { EntitySchema } from '@mikro-orm/core';

export interface IssueLabel {
  issueId: string;
  labelId: string;
}

export const IssueLabelSchema = new EntitySchema<IssueLabel>({
  name: 'IssueLabel',
  tableName: 'issue_labels',
  properties: {
    issueId: { type: 'uuid', primary: true },
    labelId: { type: 'uuid', primary: true },
  },
});
