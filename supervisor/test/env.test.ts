import { EnvError } from '@gitforge/env';
import { parseSupervisorEnv } from '../src/env';

describe('parseSupervisorEnv', () => {
  it('uses the documented defaults', () => {
    const env = parseSupervisorEnv({});
    expect(env.paths.GITFORGE_DATA_DIR).toBe('.gitforge');
    expect(env.network.HOST).toBe('127.0.0.1');
    expect(env.ports).toEqual({
      GATEWAY_PORT: 4000,
      ISSUES_PORT: 4001,
      REPOSITORY_PORT: 4002,
      RESILIENCE_PORT: 4003,
      GIT_PROXY_PORT: 4080,
      GITHOST_PORT: 3000,
      DEVDB_PORT: 54329,
    });
    expect(env.upstreams.DATABASE_URL).toBeUndefined();
    expect(env.auth.GITFORGE_JWT_SECRET).toBeUndefined();
    expect(env.supervisor.GITFORGE_SHUTDOWN_GRACE_MS).toBe(10_000);
  });

  it('treats empty variables as unset', () => {
    const env = parseSupervisorEnv({
      GITFORGE_DATA_DIR: '',
      DATABASE_URL: '',
      GITFORGE_JWT_SECRET: '',
      HOST: '',
    });
    expect(env.paths.GITFORGE_DATA_DIR).toBe('.gitforge');
    expect(env.upstreams.DATABASE_URL).toBeUndefined();
    expect(env.auth.GITFORGE_JWT_SECRET).toBeUndefined();
    expect(env.network.HOST).toBe('127.0.0.1');
  });

  it('reads given values', () => {
    const env = parseSupervisorEnv({
      GATEWAY_PORT: '5000',
      DATABASE_URL: 'postgres://u:p@db:26257/gitforge?sslmode=disable',
      GITFORGE_JWT_SECRET: 's3cret',
    });
    expect(env.ports.GATEWAY_PORT).toBe(5000);
    expect(env.upstreams.DATABASE_URL).toBe('postgres://u:p@db:26257/gitforge?sslmode=disable');
    expect(env.auth.GITFORGE_JWT_SECRET).toBe('s3cret');
  });

  it('reports every invalid variable at once', () => {
    let error: unknown;
    try {
      parseSupervisorEnv({ GATEWAY_PORT: 'abc', ISSUES_PORT: '70000', DATABASE_URL: 'nope' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(EnvError);
    const text = (error as EnvError).message;
    expect(text).toContain('GATEWAY_PORT');
    expect(text).toContain('ISSUES_PORT');
    expect(text).toContain('DATABASE_URL');
  });
});
