import { findOperation, validateRequest, validateResponse } from '@gitforge/gitea-contract';

describe('findOperation', () => {
  it('matches literal paths before templated ones and file paths across segments', () => {
    expect(findOperation('GET', '/repos/search')?.operation.operationId).toBe('repoSearch');
    expect(findOperation('GET', '/repos/demo/hello')?.operation.operationId).toBe('repoGet');
    const contents = findOperation('GET', '/repos/demo/hello/contents/docs/a%20b.md');
    expect(contents?.operation.operationId).toBe('repoGetContents');
    expect(contents?.pathParams).toEqual({ owner: 'demo', repo: 'hello', filepath: 'docs/a b.md' });
    expect(findOperation('GET', '/repos/demo/hello/frobnicate')).toBeUndefined();
    expect(findOperation('PATCH', '/repos/search')).toBeUndefined();
  });
});

describe('validateRequest', () => {
  it('accepts a valid list request and a valid create body', () => {
    expect(
      validateRequest({
        method: 'GET',
        path: '/repos/demo/hello/commits',
        query: { sha: 'main', page: '2', limit: '50' },
      }).errors,
    ).toEqual([]);
    expect(
      validateRequest({
        method: 'POST',
        path: '/user/repos',
        body: { name: 'x', private: true, description: 'd' },
      }).errors,
    ).toEqual([]);
  });

  it('rejects unknown operations, unknown or mistyped parameters and bad bodies', () => {
    expect(validateRequest({ method: 'GET', path: '/repos/demo/hello/nope' }).errors[0]).toMatch(
      /not an operation/,
    );
    expect(
      validateRequest({
        method: 'GET',
        path: '/repos/demo/hello/commits',
        query: { per_page: '10' },
      }).errors[0],
    ).toMatch(/per_page is not defined/);
    expect(
      validateRequest({ method: 'GET', path: '/repos/demo/hello/commits', query: { page: 'two' } })
        .errors[0],
    ).toMatch(/integer/);
    expect(
      validateRequest({ method: 'POST', path: '/user/repos', body: { name: 5 } }).errors.join(),
    ).toMatch(/name/);
    expect(
      validateRequest({
        method: 'POST',
        path: '/user/repos',
        body: { name: 'x', privat: true },
      }).errors.join(),
    ).toMatch(/additional properties/);
  });
});

describe('validateResponse', () => {
  it('checks declared statuses and closed schemas', () => {
    expect(
      validateResponse('GET', '/repos/demo/hello', 200, { id: 1, name: 'hello', private: false })
        .errors,
    ).toEqual([]);
    expect(validateResponse('GET', '/repos/demo/hello', 200, { id: 'one' }).errors.join()).toMatch(
      /id/,
    );
    expect(
      validateResponse('GET', '/repos/demo/hello', 200, { id: 1, fullname: 'x' }).errors.join(),
    ).toMatch(/additional/);
    expect(validateResponse('GET', '/repos/demo/hello', 418, {}).errors[0]).toMatch(/not declared/);
    expect(validateResponse('GET', '/repos/demo/hello', 404, undefined).errors).toEqual([]);
    expect(
      validateResponse('GET', '/repos/demo/hello/commits', 200, [
        { sha: 'abc', created: 'not-a-date' },
      ]).errors.join(),
    ).toMatch(/date-time/);
  });
});
