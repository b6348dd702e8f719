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
