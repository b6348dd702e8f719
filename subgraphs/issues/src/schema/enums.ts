import { builder } from './builder';

export const IssueStateEnum = builder.enumType('IssueState', {
  values: ['OPEN', 'CLOSED'] as const,
});

export const IssueStateReasonEnum = builder.enumType('IssueStateReason', {
  values: ['COMPLETED', 'NOT_PLANNED', 'REOPENED'] as const,
});

export const IssueClosedReasonEnum = builder.enumType('IssueClosedReason', {
  values: ['COMPLETED', 'NOT_PLANNED'] as const,
});

export const IssueOrderFieldEnum = builder.enumType('IssueOrderField', {
  values: ['CREATED_AT', 'UPDATED_AT', 'COMMENTS'] as const,
});

export const OrderDirectionEnum = builder.enumType('OrderDirection', {
  values: ['ASC', 'DESC'] as const,
});

export const IssueOrderInput = builder.inputType('IssueOrder', {
  fields: (t) => ({
    field: t.field({ type: IssueOrderFieldEnum, required: true, defaultValue: 'CREATED_AT' }),
    direction: t.field({ type: OrderDirectionEnum, required: true, defaultValue: 'DESC' }),
  }),
});
