import { parseGitRequest } from '../src/protocol/parseGitRequest';

const UPLOAD = { 'content-type': 'application/x-git-upload-pack-request' };
const RECEIVE = { 'content-type': 'application/x-git-receive-pack-request' };

describe('parseGitRequest', () => {
  it('accepts the four smart-HTTP requests, with or without .git', () => {
    const ok = (method: string, url: string, headers = {}) => {
      const parsed = parseGitRequest(method, url, headers);
      if (!parsed.ok) throw new Error(parsed.reject.message);
      return parsed.request;
    };
    expect(ok('GET', '/git/alice/hello.git/info/refs?service=git-upload-pack')).toMatchObject({
      owner: 'alice',
      repo: 'hello',
      service: 'git-upload-pack',
      endpoint: 'info-refs',
      upstreamPath: '/alice/hello.git/info/refs?service=git-upload-pack',
    });
    expect(ok('GET', '/git/alice/hello/info/refs?service=git-receive-pack').service).toBe(
      'git-receive-pack',
    );
    expect(ok('POST', '/git/a.b/c_d-e.git/git-upload-pack', UPLOAD).upstreamPath).toBe(
      '/a.b/c_d-e.git/git-upload-pack',
    );
    expect(
      ok('POST', '/git/alice/hello.git/git-receive-pack', {
        ...RECEIVE,
        'content-encoding': 'gzip',
        'git-protocol': 'version=2:object-format=sha1',
      }),
    ).toMatchObject({
      endpoint: 'rpc',
      contentEncoding: 'gzip',
      gitProtocol: 'version=2:object-format=sha1',
    });
  });

  const refused: [string, string, string, Record<string, string>, number][] = [
    ['unknown service', 'GET', '/git/a/b.git/info/refs?service=git-upload-archive', {}, 400],
    ['no service', 'GET', '/git/a/b.git/info/refs', {}, 400],
    ['dotdot segment', 'GET', '/git/a/../b.git/info/refs?service=git-upload-pack', {}, 400],
    ['encoded dotdot', 'GET', '/git/a/%2E%2e/info/refs?service=git-upload-pack', {}, 400],
    ['encoded slash', 'GET', '/git/a%2fb/c.git/info/refs?service=git-upload-pack', {}, 400],
    ['dotdot inside a name', 'GET', '/git/a/b..c.git/info/refs?service=git-upload-pack', {}, 400],
    ['a space in a name', 'GET', '/git/a/b%20c.git/info/refs?service=git-upload-pack', {}, 400],
    ['dumb protocol file', 'GET', '/git/a/b.git/objects/info/packs', {}, 404],
    ['too few segments', 'GET', '/git/a.git/info/refs?service=git-upload-pack', {}, 404],
    ['HEAD on info/refs', 'HEAD', '/git/a/b.git/info/refs?service=git-upload-pack', {}, 405],
    ['POST on info/refs', 'POST', '/git/a/b.git/info/refs?service=git-upload-pack', UPLOAD, 405],
    ['GET on an RPC', 'GET', '/git/a/b.git/git-receive-pack', {}, 405],
    ['missing content type', 'POST', '/git/a/b.git/git-upload-pack', {}, 415],
    ["the other service's content type", 'POST', '/git/a/b.git/git-upload-pack', RECEIVE, 415],
    [
      'content type with parameters',
      'POST',
      '/git/a/b.git/git-upload-pack',
      { 'content-type': `${UPLOAD['content-type']}; charset=utf-8` },
      415,
    ],
    [
      'deflate body',
      'POST',
      '/git/a/b.git/git-upload-pack',
      { ...UPLOAD, 'content-encoding': 'deflate' },
      415,
    ],
    [
      'malformed Git-Protocol',
      'GET',
      '/git/a/b.git/info/refs?service=git-upload-pack',
      { 'git-protocol': 'version=2 ' },
      400,
    ],
    [
      'Git-Protocol without value',
      'GET',
      '/git/a/b.git/info/refs?service=git-upload-pack',
      { 'git-protocol': 'version' },
      400,
    ],
  ];

  it.each(refused)('refuses %s', (_name, method, url, headers, status) => {
    const parsed = parseGitRequest(method, url, headers);
    expect(parsed.ok ? 200 : parsed.reject.status).toBe(status);
    if (!parsed.ok) expect(parsed.reject.message.length).toBeGreaterThan(10);
  });

  it('names the allowed method on 405', () => {
    const parsed = parseGitRequest('PUT', '/git/a/b.git/git-upload-pack', UPLOAD);
    expect(parsed.ok ? undefined : parsed.reject.headers).toEqual({ allow: 'POST' });
  });
});
