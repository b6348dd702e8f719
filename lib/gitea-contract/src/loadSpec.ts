import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SwaggerParameter {
  name: string;
  in: 'path' | 'query' | 'body' | 'header' | 'formData';
  required?: boolean;
  type?: string;
  enum?: unknown[];
  items?: { type?: string; enum?: unknown[] };
  schema?: object;
}

export interface SwaggerOperation {
  operationId: string;
  parameters?: SwaggerParameter[];
  responses: Record<string, { $ref?: string; schema?: object; description?: string }>;
}

export interface SwaggerSpec {
  basePath: string;
  paths: Record<string, Record<string, SwaggerOperation>>;
  definitions: Record<string, object>;
  responses: Record<string, { description?: string; schema?: object; headers?: object }>;
}

/** Gitea 1.21.1's own API description, committed under contracts/ at the repository root. */
export const SPEC_PATH = join(
  __dirname,
  '..',
  '..',
  '..',
  'contracts',
  'gitea-api-v1.21.1.swagger.json',
);

let cached: SwaggerSpec | undefined;

export function loadSpec(): SwaggerSpec {
  cached ??= JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as SwaggerSpec;
  return cached;
}
