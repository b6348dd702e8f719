import type { z } from 'zod';
import { upstreamRegistry } from './fields';

export class EnvError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid environment:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

type Models = Record<string, z.ZodObject>;
type Parsed<M extends Models> = { [K in keyof M]: z.infer<M[K]> };

/** The upstream URL fields of a set of env models (`upstreamUrl`), with what they stand for. */
export function upstreamFields(models: Models) {
  return Object.values(models).flatMap((model) =>
    Object.entries(model.shape).flatMap(([variable, field]) => {
      const meta = upstreamRegistry.get(field as z.ZodType);
      return meta ? [{ variable, ...meta }] : [];
    }),
  );
}

/**
 * One zod model per concern, all problems reported at once (hive-console `environment.ts`).
 * Upstream URLs declared with `upstreamUrl` are required when `NODE_ENV=production`.
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
  if (source.NODE_ENV === 'production') {
    for (const field of upstreamFields(models)) {
      const reported = issues.some((issue) => issue.startsWith(`${field.variable}:`));
      if (field.requiredInProduction && !source[field.variable] && !reported) {
        issues.push(`${field.variable}: required when NODE_ENV=production`);
      }
    }
  }
  if (issues.length > 0) throw new EnvError(issues);
  return out as Parsed<M>;
}
