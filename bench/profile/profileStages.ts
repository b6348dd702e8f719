import type { Frame } from './profileTree';

/**
 * Named pieces of request work, recognised by function, file or package, so that every profile
 * answers the same questions (where do parse, validate, plan, execute, JSON, structuredClone,
 * the ORM, the permission call, logging... go?). Stages overlap (JSON.stringify runs inside
 * Apollo Server); each is measured as total time: a sample counts once if the stage is anywhere
 * on its stack.
 */
export const STAGES: { name: string; matches: (frame: Frame) => boolean }[] = [
  {
    name: 'GraphQL parse (graphql-js parser)',
    matches: (f) => /^parse \(graphql\/language\//.test(f.label),
  },
  { name: 'GraphQL validate', matches: (f) => /^validate \(graphql\/validation\//.test(f.label) },
  {
    name: 'graphql-js execute (resolvers included)',
    matches: (f) => /^execute \(graphql\/execution\//.test(f.label),
  },
  {
    name: 'query planning (@apollo/query-planner)',
    matches: (f) => f.pkg === '@apollo/query-planner',
  },
  {
    name: 'executeQueryPlan (@apollo/gateway, fetches included)',
    matches: (f) => f.functionName === 'executeQueryPlan',
  },
  {
    name: 'result shaping (@apollo/gateway computeResponse)',
    matches: (f) => /resultShaping\.js/.test(f.label),
  },
  {
    name: 'JSON.stringify (with Apollo prettyJSONStringify)',
    matches: (f) =>
      (f.functionName === 'stringify' && f.family === 'v8') ||
      f.functionName === 'prettyJSONStringify',
  },
  { name: 'JSON.parse', matches: (f) => f.functionName === 'parse' && f.family === 'v8' },
  { name: 'structuredClone', matches: (f) => f.functionName === 'structuredClone' },
  { name: 'MikroORM', matches: (f) => f.family === 'mikro-orm' },
  { name: 'SQL client (knex, pg)', matches: (f) => /^(knex|pg|pg-protocol|pg-pool)$/.test(f.pkg) },
  {
    name: 'HTTP client (undici, node-fetch)',
    matches: (f) => /^(undici|node-fetch|make-fetch-happen|minipass-fetch)$/.test(f.pkg),
  },
  {
    name: 'socket writes (write syscalls)',
    matches: (f) =>
      /^(writev|writeBuffer|writeUtf8String|writeString|writeLatin1String)$/.test(f.functionName) &&
      f.family === 'v8',
  },
  {
    name: 'issues: permission check (repositoryAccess)',
    matches: (f) => /RepositorySubgraphAccess|repositoryAccess|RepositoryFactsStore/.test(f.label),
  },
  {
    name: 'JWT / session (jose, lib/auth)',
    matches: (f) => f.pkg === 'jose' || f.pkg === 'lib/auth',
  },
  {
    name: 'logging (pino)',
    matches: (f) => /^(pino|@pinojs\/redact|sonic-boom|lib\/logging)$/.test(f.pkg),
  },
  { name: 'metrics (prom-client)', matches: (f) => f.pkg === 'prom-client' },
  {
    name: 'Apollo Server request pipeline',
    matches: (f) => f.functionName === 'processGraphQLRequest',
  },
  { name: 'garbage collector', matches: (f) => f.functionName === '(garbage collector)' },
];

/** Total microseconds per stage (a sample counts once per stage on its stack). */
export function stageTotals(root: Frame): Map<string, number> {
  const totals = new Map<string, number>(STAGES.map((s) => [s.name, 0]));
  const walk = (frame: Frame, onStack: ReadonlySet<string>) => {
    let stack = onStack;
    for (const stage of STAGES) {
      if (stack.has(stage.name) || !stage.matches(frame)) continue;
      totals.set(stage.name, totals.get(stage.name)! + frame.total);
      stack = new Set(stack).add(stage.name);
    }
    for (const child of frame.children) walk(child, stack);
  };
  walk(root, new Set());
  return totals;
}
