import { z } from 'zod';

/**
 * `GRAPHQL_INTROSPECTION`: `true`/`false`; unset means on, except under `NODE_ENV=production`
 * (Apollo Server's own default). The gateway composes from `_service { sdl }`, which is not
 * introspection, so subgraphs need none of it in production.
 */
export const graphqlIntrospectionVariable = () =>
  z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .enum(['true', 'false', '1', '0'])
      .optional()
      .transform((v) => (v === undefined ? undefined : v === 'true' || v === '1')),
  );

/** Whether to answer `__schema` / `__type`: the explicit setting, else not in production. */
export function introspectionEnabled(setting: boolean | undefined, nodeEnv: string | undefined) {
  return setting ?? nodeEnv !== 'production';
}
