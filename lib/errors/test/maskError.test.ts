import { DomainError, gitforgeError, maskError } from '@gitforge/errors';

describe('maskError', () => {
  it('passes registered codes and drops stack traces', () => {
    const err = gitforgeError('NOT_FOUND', 'no such issue');
    const logged: unknown[] = [];
    const out = maskError(
      { message: err.message, extensions: { ...err.extensions, stacktrace: ['x'] } },
      err,
      (e) => logged.push(e),
    );
    expect(out.extensions).toEqual({ code: 'NOT_FOUND', http: { status: 404 } });
    expect(logged).toHaveLength(0);
  });

  it('hides unexpected errors behind INTERNAL and logs them', () => {
    const original = new Error('relation "issues" does not exist');
    const logged: unknown[] = [];
    const out = maskError(
      { message: original.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      original,
      (e) => logged.push(e),
    );
    expect(out).toEqual({
      message: 'Internal error',
      extensions: { code: 'INTERNAL', http: { status: 500 } },
    });
    expect(logged).toEqual([original]);
  });
});

describe('maskError with domain errors', () => {
  it('gives a DomainError wrapped by GraphQL its own code and field', () => {
    const cause = new DomainError('BAD_USER_INPUT', 'title: too long', 'title');
    const out = maskError(
      { message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      { originalError: cause },
      () => {
        throw new Error('must not log expected errors');
      },
    );
    expect(out.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      http: { status: 400 },
      field: 'title',
    });
    expect(out.message).toBe('title: too long');
  });
});
