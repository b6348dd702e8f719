import { EnvError } from '@gitforge/env';
import { loadEnv } from '../src/env';

describe('GITFORGE_ADMINS', () => {
  it('is a comma-separated list of logins, lower-cased; unset is none', () => {
    expect(loadEnv({ GITFORGE_ADMINS: ' Alice, ,bob.smith ' }).auth.GITFORGE_ADMINS).toEqual([
      'alice',
      'bob.smith',
    ]);
    expect(loadEnv({}).auth.GITFORGE_ADMINS).toEqual([]);
  });

  it('refuses something that is not a login', () => {
    expect(() => loadEnv({ GITFORGE_ADMINS: 'alice bob' })).toThrow(EnvError);
    expect(() => loadEnv({ GITFORGE_ADMINS: 'alice bob' })).toThrow(/GITFORGE_ADMINS/);
  });
});

describe('ACCESS_LOG', () => {
  it('is errors-and-slow by default (fast successful requests at debug), all on request', () => {
    expect(loadEnv({}).accessLog.ACCESS_LOG).toBe('errors-and-slow');
    expect(loadEnv({ ACCESS_LOG: 'all', ACCESS_LOG_SLOW_MS: '250' }).accessLog).toEqual({
      ACCESS_LOG: 'all',
      ACCESS_LOG_SLOW_MS: 250,
    });
  });
});
