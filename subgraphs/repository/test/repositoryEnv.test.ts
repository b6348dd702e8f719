import { EnvError } from '@gitforge/env';
import { loadEnv } from '../src/env';

describe('repository env: layered deadlines', () => {
  it('defaults: a Gitea call (2.5 s) ends well before the request budget (8 s), itself below the gateway (10 s)', () => {
    const env = loadEnv({});
    expect(env.gitea.GITEA_TIMEOUT_MS).toBe(2_500);
    expect(env.gitea.REPOSITORY_REQUEST_TIMEOUT_MS).toBe(8_000);
    expect(env.gitea.GITEA_MAX_CONCURRENCY).toBe(16);
    expect(env.gitea.GITEA_MAX_QUEUED).toBe(32);
  });

  it('refuses a Gitea timeout that is not shorter than the request budget', () => {
    const load = () =>
      loadEnv({ GITEA_TIMEOUT_MS: '10000', REPOSITORY_REQUEST_TIMEOUT_MS: '8000' });
    expect(load).toThrow(EnvError);
    expect(load).toThrow(
      /GITEA_TIMEOUT_MS \(10000\) must be below REPOSITORY_REQUEST_TIMEOUT_MS \(8000\)/,
    );
  });
});

describe('repository env: access log', () => {
  it('writes info access lines for errors and slow requests only unless ACCESS_LOG=all', () => {
    expect(loadEnv({}).accessLog).toEqual({
      ACCESS_LOG: 'errors-and-slow',
      ACCESS_LOG_SLOW_MS: 1000,
    });
    expect(loadEnv({ ACCESS_LOG: 'all' }).accessLog.ACCESS_LOG).toBe('all');
    expect(() => loadEnv({ ACCESS_LOG: 'everything' })).toThrow(/ACCESS_LOG/);
  });
});
