import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

function parseDate(value: unknown): Date {
  const date = typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw new GraphQLError('DateTime must be an ISO-8601 string', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return date;
}

/**
 * `DateTime`, identical in every subgraph (federation requires a scalar to be the same
 * wherever it is defined): an ISO-8601 string in UTC on the wire, a `Date` in resolvers.
 */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An ISO-8601 timestamp in UTC',
  serialize: (value) => (value instanceof Date ? value : new Date(String(value))).toISOString(),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});
