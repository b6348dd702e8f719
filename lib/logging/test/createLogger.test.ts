import { Writable } from 'node:stream';
import {
  createLogger,
  currentRequestId,
  currentRequestTraceId,
  requestContext,
  runWithRequestId,
  setOperationName,
  setRequestUser,
} from '@gitforge/logging';

type Line = Record<string, unknown>;

/** A logger writing into `lines` (pino with a destination stream: one JSON object per write). */
function capture(level = 'debug') {
  const lines: Line[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString('utf8').split('\n')) {
        if (text) lines.push(JSON.parse(text) as Line);
      }
      done();
    },
  });
  return { logger: createLogger('test-service', level, destination), lines };
}

describe('createLogger', () => {
  it('writes JSON with level, time and service, and nothing request-related outside a request', () => {
    const { logger, lines } = capture();
    logger.info({ answer: 42 }, 'hello');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      service: 'test-service',
      answer: 42,
      msg: 'hello',
    });
    expect(typeof lines[0]!.time).toBe('string');
    expect(lines[0]).not.toHaveProperty('requestId');
    expect(lines[0]).not.toHaveProperty('user');
    expect(lines[0]).not.toHaveProperty('operationName');
  });

  it('puts the request id, then the user and operation name once set, on every line of a request', async () => {
    const { logger, lines } = capture();
    await runWithRequestId('req-123', async () => {
      logger.info('before authentication');
      await Promise.resolve();
      setRequestUser('alice');
      // Set deeper in the async chain, seen by later lines of the same request.
      await (async () => setOperationName('CreateIssue'))();
      logger.info('after');
    });
    logger.info('outside');
    expect(lines[0]).toMatchObject({ requestId: 'req-123', msg: 'before authentication' });
    expect(lines[0]).not.toHaveProperty('user');
    expect(lines[1]).toMatchObject({
      requestId: 'req-123',
      user: 'alice',
      operationName: 'CreateIssue',
    });
    expect(lines[2]).not.toHaveProperty('requestId');
  });

  it('puts the trace id on every line of a request once its span set it, and nowhere else', () => {
    const { logger, lines } = capture();
    runWithRequestId('req-7', () => {
      logger.info('untraced');
      requestContext.getStore()!.traceId = '0af7651916cd43dd8448eb211c80319c';
      expect(currentRequestTraceId()).toBe('0af7651916cd43dd8448eb211c80319c');
      logger.info('traced');
    });
    logger.info('outside');
    expect(lines[0]).not.toHaveProperty('traceId');
    expect(lines[1]).toMatchObject({
      requestId: 'req-7',
      traceId: '0af7651916cd43dd8448eb211c80319c',
    });
    expect(lines[2]).not.toHaveProperty('traceId');
    expect(currentRequestTraceId()).toBeUndefined();
  });

  it('keeps concurrent requests apart', async () => {
    const { logger, lines } = capture();
    await Promise.all(
      ['a', 'b'].map((id) =>
        runWithRequestId(id, async () => {
          setRequestUser(`user-${id}`);
          await new Promise((resolve) => setTimeout(resolve, id === 'a' ? 5 : 0));
          logger.info(id);
        }),
      ),
    );
    for (const line of lines) expect(line.user).toBe(`user-${String(line.msg)}`);
  });

  it('replaces a missing or malformed incoming id by a fresh one', () => {
    const fresh = runWithRequestId('bad id with spaces\n{"x":1}', () => currentRequestId());
    expect(fresh).toMatch(/^[0-9a-f-]{36}$/);
    expect(runWithRequestId(undefined, () => currentRequestId())).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('does nothing when user or operation are set outside a request', () => {
    expect(() => setRequestUser('nobody')).not.toThrow();
    expect(() => setOperationName('nothing')).not.toThrow();
  });

  it('censors credentials wherever they sit, up to three levels deep', () => {
    const { logger, lines } = capture();
    const secrets = {
      authorization: 'Bearer top-level-jwt',
      password: 'pw-top',
      token: 'tok-top',
      accessToken: 'access-top',
      secret: 'secret-top',
      cookie: 'session=top',
      headers: { authorization: 'Basic ZGVtbzpoZWxsbw==', cookie: 'session=abc' },
      req: { headers: { authorization: 'token gitea-token', 'set-cookie': 'x=1' } },
      body: { password: 'pw-nested', token: 'tok-nested', secret: 'secret-nested' },
      config: { jwtSecret: 'jwt-secret-value', webhookSecret: 'webhook-secret-value' },
      users: [{ password: 'pw-in-array' }],
    };
    logger.info(secrets, 'with secrets');
    logger.child({ password: 'pw-in-binding' }).info('child');
    logger.error({ err: Object.assign(new Error('boom'), { token: 'tok-on-error' }) }, 'err');
    const text = JSON.stringify(lines);
    for (const value of [
      'top-level-jwt',
      'pw-top',
      'tok-top',
      'access-top',
      'secret-top',
      'session=top',
      'ZGVtbzpoZWxsbw==',
      'session=abc',
      'gitea-token',
      'x=1',
      'pw-nested',
      'tok-nested',
      'secret-nested',
      'jwt-secret-value',
      'webhook-secret-value',
      'pw-in-array',
      'pw-in-binding',
      'tok-on-error',
    ]) {
      expect(text).not.toContain(value);
    }
    expect(lines[0]).toMatchObject({
      authorization: '[redacted]',
      headers: { authorization: '[redacted]', cookie: '[redacted]' },
      req: { headers: { authorization: '[redacted]', 'set-cookie': '[redacted]' } },
      body: { password: '[redacted]' },
      users: [{ password: '[redacted]' }],
    });
    expect(lines[2]).toMatchObject({ err: { message: 'boom', token: '[redacted]' } });
  });
});
