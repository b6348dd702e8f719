import { decodeJwt } from 'jose';
import { isSiteAdmin, parseSiteAdmins, signSessionToken, verifySessionToken } from '@gitforge/auth';

const secret = 'test-secret-with-enough-entropy-0123456789';

describe('site administrators', () => {
  it('carries Gitea is_admin in the adm claim, only when true', async () => {
    const admin = await signSessionToken(secret, 'root', { isAdmin: true });
    expect(decodeJwt(admin).adm).toBe(true);
    await expect(verifySessionToken(secret, admin)).resolves.toEqual({
      login: 'root',
      isAdmin: true,
    });
    const user = await signSessionToken(secret, 'alice', { isAdmin: false });
    expect(decodeJwt(user)).not.toHaveProperty('adm');
    await expect(verifySessionToken(secret, user)).resolves.toEqual({ login: 'alice' });
  });

  it('ignores an adm claim that is not exactly true', async () => {
    const token = await signSessionToken(secret, 'alice', { claims: { adm: 'true' } });
    expect((await verifySessionToken(secret, token)).isAdmin).toBeUndefined();
  });

  it('parses GITFORGE_ADMINS as comma-separated, case-insensitive logins', () => {
    expect(parseSiteAdmins(' Alice, ,bob ,')).toEqual(['alice', 'bob']);
    expect(parseSiteAdmins(undefined)).toEqual([]);
  });

  it('admits Gitea admins and listed logins, never anonymous', () => {
    const listed = new Set(parseSiteAdmins('Carol'));
    expect(isSiteAdmin(null, listed)).toBe(false);
    expect(isSiteAdmin({ login: 'alice' }, listed)).toBe(false);
    expect(isSiteAdmin({ login: 'root', isAdmin: true }, listed)).toBe(true);
    expect(isSiteAdmin({ login: 'carol' }, listed)).toBe(true);
    expect(isSiteAdmin({ login: 'CAROL' }, listed)).toBe(true);
  });
});
