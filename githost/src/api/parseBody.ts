import type { z } from 'zod';
import { invalid } from '../services/GithostError';

/** Validates a request body like Gitea's binding: the first problem becomes a 422. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw invalid(`[${issue?.path.join('.') || 'body'}]: ${issue?.message ?? 'invalid'}`);
}
