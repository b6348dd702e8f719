import type { z } from 'zod';

export class EnvError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid environment:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

type Models = Record<string, z.ZodObject>;
type Parsed<M extends Models> = { [K in keyof M]: z.infer<M[K]> };

/**
 * One zod model per concern, all problems reported at once (hive-console `environment.ts`).
 * Throws EnvError; a service's main.ts prints it and exits 1.
 */
export function parseEnv<M extends Models>(
  models: M,
  source: NodeJS.ProcessEnv = process.env,
): Parsed<M> {
  const issues: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [concern, model] of Object.entries(models)) {
    const result = model.safeParse(source);
    if (result.success) {
      out[concern] = result.data;
    } else {
      for (const issue of result.error.issues) {
        issues.push(`${issue.path.join('.') || concern}: ${issue.message}`);
      }
    }
  }
  if (issues.length > 0) throw new EnvError(issues);
  return out as Parsed<M>;
}
