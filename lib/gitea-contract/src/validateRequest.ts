import { findOperation } from './findOperation';
import type { SwaggerParameter } from './loadSpec';
import { formatAjvErrors, validatorFor } from './validators';

export interface ContractRequest {
  method: string;
  /** Path below the API base, e.g. `/repos/demo/hello/commits`. */
  path: string;
  query?: URLSearchParams | Record<string, string | string[]>;
  body?: unknown;
}

export interface RequestCheck {
  operationId?: string;
  errors: string[];
}

function queryEntries(query: ContractRequest['query']): [string, string][] {
  if (!query) return [];
  if (query instanceof URLSearchParams) return [...query.entries()];
  return Object.entries(query).flatMap(([k, v]) =>
    Array.isArray(v) ? v.map((x): [string, string] => [k, x]) : [[k, v]],
  );
}

function checkScalar(param: SwaggerParameter, raw: string, errors: string[]): void {
  const type = param.type === 'array' ? param.items?.type : param.type;
  const allowed = param.type === 'array' ? param.items?.enum : param.enum;
  if (type === 'integer' && !/^-?\d+$/.test(raw))
    errors.push(`${param.in} parameter ${param.name} must be an integer, got "${raw}"`);
  if (type === 'boolean' && raw !== 'true' && raw !== 'false')
    errors.push(`${param.in} parameter ${param.name} must be a boolean, got "${raw}"`);
  if (allowed && !allowed.includes(raw))
    errors.push(`${param.in} parameter ${param.name} must be one of ${allowed.join(', ')}`);
}

/** Checks that a request is an operation of the Gitea spec, with parameters and body it allows. */
export function validateRequest(request: ContractRequest): RequestCheck {
  const matched = findOperation(request.method, request.path);
  if (!matched)
    return {
      errors: [
        `${request.method.toUpperCase()} ${request.path} is not an operation of the Gitea 1.21 API`,
      ],
    };
  const errors: string[] = [];
  const params = matched.operation.parameters ?? [];
  for (const p of params.filter((p) => p.in === 'path')) {
    const value = matched.pathParams[p.name];
    if (value === undefined || value === '') errors.push(`path parameter ${p.name} is missing`);
    else checkScalar(p, value, errors);
  }
  const entries = queryEntries(request.query);
  // Gitea accepts these on every operation as alternatives to the Authorization header.
  const known = new Set([
    'token',
    'access_token',
    ...params.filter((p) => p.in === 'query').map((p) => p.name),
  ]);
  for (const [name, value] of entries) {
    const param = params.find((p) => p.in === 'query' && p.name === name);
    if (!known.has(name))
      errors.push(`query parameter ${name} is not defined for ${matched.operation.operationId}`);
    else if (param) checkScalar(param, value, errors);
  }
  for (const p of params.filter((p) => p.in === 'query' && p.required)) {
    if (!entries.some(([k]) => k === p.name)) errors.push(`query parameter ${p.name} is required`);
  }
  const bodyParam = params.find((p) => p.in === 'body');
  if (bodyParam?.schema) {
    if (request.body === undefined) {
      if (bodyParam.required) errors.push('a request body is required');
    } else {
      const validate = validatorFor(bodyParam.schema);
      if (!validate(request.body)) errors.push(...formatAjvErrors(validate).map((e) => `body${e}`));
    }
  } else if (request.body !== undefined) {
    errors.push(`${matched.operation.operationId} takes no JSON body`);
  }
  return { operationId: matched.operation.operationId, errors };
}
