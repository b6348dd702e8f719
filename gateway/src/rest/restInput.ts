import { z } from 'zod';
import { RestError } from './RestError';

const id = z.union([z.string().min(1), z.number().int()]).transform(String);

export const createIssueBody = z.object({
  title: z.string(),
  description: z.string().optional(),
  repository: z.string(),
  labels: z.array(z.string()).optional(),
});

export const patchIssueBody = z.object({
  title: z.string().optional(),
  description: z.string().optional(),
  status: z.enum(['open', 'closed']).optional(),
  labels: z.array(z.string()).optional(),
});

export const commentBody = z.object({ body: z.string() });

export const createCommentBody = z.object({ issue_id: id, body: z.string() });

export const listIssuesQuery = z.object({
  repository: z.string().min(1).optional(),
  status: z.enum(['open', 'closed']).optional(),
});

/** Parses REST input; the first problem becomes 400 BAD_USER_INPUT naming its field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join('.') || undefined;
  const message = issue?.message ?? 'invalid input';
  return badInput(field ? `${field}: ${message}` : message, field);
}

function badInput(message: string, field?: string): never {
  throw RestError.fromCode('BAD_USER_INPUT', message, field);
}
