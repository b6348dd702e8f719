import { findOperation } from './findOperation';
import { loadSpec } from './loadSpec';
import { formatAjvErrors, validatorFor } from './validators';

export interface ResponseCheck {
  operationId?: string;
  errors: string[];
}

/**
 * Checks a response against the spec: the status must be one the operation declares, and a
 * JSON body must validate against that response's schema (objects closed to unknown fields).
 */
export function validateResponse(
  method: string,
  path: string,
  status: number,
  body: unknown,
): ResponseCheck {
  const matched = findOperation(method, path);
  if (!matched)
    return {
      errors: [`${method.toUpperCase()} ${path} is not an operation of the Gitea 1.21 API`],
    };
  const { operation } = matched;
  const declared = operation.responses[String(status)] ?? operation.responses.default;
  if (!declared) {
    return {
      operationId: operation.operationId,
      errors: [
        `status ${status} is not declared for ${operation.operationId} (declared: ${Object.keys(operation.responses).join(', ')})`,
      ],
    };
  }
  const response = declared.$ref
    ? loadSpec().responses[declared.$ref.replace('#/responses/', '')]
    : declared;
  const schema = response?.schema as { type?: string } | undefined;
  if (!schema || schema.type === 'file') return { operationId: operation.operationId, errors: [] };
  const validate = validatorFor(schema);
  const errors = validate(body) ? [] : formatAjvErrors(validate);
  return { operationId: operation.operationId, errors };
}
