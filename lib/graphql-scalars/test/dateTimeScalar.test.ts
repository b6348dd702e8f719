import { GraphQLError, Kind } from 'graphql';
import { DateTimeScalar } from '@gitforge/graphql-scalars';

describe('DateTime', () => {
  it('serializes dates (and date strings) as ISO-8601 UTC', () => {
    expect(DateTimeScalar.serialize(new Date(Date.UTC(2026, 10, 27, 12)))).toBe(
      '2026-11-27T12:00:00.000Z',
    );
    expect(DateTimeScalar.serialize('2026-11-27T13:00:00+01:00')).toBe('2026-11-27T12:00:00.000Z');
  });

  it('parses ISO strings from variables and literals into dates', () => {
    expect(DateTimeScalar.parseValue('2026-11-27T12:00:00Z')).toEqual(
      new Date(Date.UTC(2026, 10, 27, 12)),
    );
    expect(
      DateTimeScalar.parseLiteral({ kind: Kind.STRING, value: '2026-11-27T12:00:00Z' }, {}),
    ).toEqual(new Date(Date.UTC(2026, 10, 27, 12)));
  });

  it('refuses anything else with BAD_USER_INPUT', () => {
    for (const bad of ['yesterday', 12, null, '']) {
      let error: unknown;
      try {
        DateTimeScalar.parseValue(bad);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(GraphQLError);
      expect((error as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
    }
    expect(() => DateTimeScalar.parseLiteral({ kind: Kind.INT, value: '12' }, {})).toThrow(
      'DateTime must be an ISO-8601 string',
    );
  });
});
