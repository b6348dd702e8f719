import { signFeedToken, signServiceToken, signSessionToken } from '@gitforge/auth';
import { createLogger } from '@gitforge/logging';
import { createIssuesServer, type IssuesServer } from '../src/createIssuesServer';
import { parseEnv } from '@gitforge/env';
import { quotaEnvModel } from '../src/quota/quotaEnv';
import { ownerByName } from './ownerByName';

/*
 * Owner quota limits in the issues subgraph (issue 16): defaults from the environment, per-owner
 * overrides by site administrators only (Gitea's is_admin in the session, or GITFORGE_ADMINS),
 * read by other services through /internal/quota-limits with a service token only.
 */

const SECRET = 'issues-quota-test-secret-0123456789abcdef';
const unique = Date.now().toString(36);
const owner = `quota-owner-${unique}`;
let server: IssuesServer;

beforeAll(async () => {
  server = await createIssuesServer({
    port: 0,
    databaseUrl: process.env.DATABASE_URL!,
    poolMax: process.env.GITFORGE_TEST_EMBEDDED_DB === '1' ? 1 : 4,
    jwtSecret: SECRET,
    logger: createLogger('issues-quota-test', 'silent'),
    access: ownerByName,
    quota: { QUOTA_MAX_REPOSITORIES: 7, QUOTA_MAX_SIZE_BYTES: 5000, GITFORGE_ADMINS: ['carol'] },
  });
});

afterAll(async () => {
  await server?.close();
});

type Who = 'anonymous' | 'outsider' | 'owner' | 'gitea-admin' | 'listed-admin';

async function authorization(who: Who): Promise<string | undefined> {
  switch (who) {
    case 'anonymous':
      return undefined;
    case 'outsider':
      return `Bearer ${await signSessionToken(SECRET, 'mallory')}`;
    case 'owner':
      return `Bearer ${await signSessionToken(SECRET, owner)}`;
    case 'gitea-admin':
      return `Bearer ${await signSessionToken(SECRET, 'root', { isAdmin: true })}`;
    case 'listed-admin':
      return `Bearer ${await signSessionToken(SECRET, 'Carol')}`;
  }
}

async function gql(query: string, variables: Record<string, unknown>, who: Who) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const auth = await authorization(who);
  if (auth) headers.authorization = auth;
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as {
    data?: Record<string, { owner: string; maxRepositories: number; maxSizeBytes: number }>;
    errors?: { message: string; extensions?: { code?: string; field?: string } }[];
  };
}

const SET = `mutation ($input: SetOwnerQuotaInput!) {
  setOwnerQuota(input: $input) { owner maxRepositories maxSizeBytes }
}`;
const RESET = `mutation ($owner: String!) {
  resetOwnerQuota(owner: $owner) { owner maxRepositories maxSizeBytes }
}`;

async function limits(name: string, authorizationHeader?: string) {
  const res = await fetch(`${server.url}/internal/quota-limits/${encodeURIComponent(name)}`, {
    headers: authorizationHeader ? { authorization: authorizationHeader } : {},
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const serviceToken = () => `Bearer ${signServiceToken(SECRET, 'repository', 'quota')}`;

describe('setOwnerQuota / resetOwnerQuota', () => {
  it.each([
    ['anonymous', 'UNAUTHENTICATED'],
    ['outsider', 'FORBIDDEN'],
    ['owner', 'FORBIDDEN'],
  ] as const)('refuses %s (%s) and changes nothing', async (who, code) => {
    const set = await gql(SET, { input: { owner, maxRepositories: 1000 } }, who);
    expect(set.data?.setOwnerQuota ?? null).toBeNull();
    expect(set.errors?.[0]?.extensions?.code).toBe(code);
    const reset = await gql(RESET, { owner }, who);
    expect(reset.errors?.[0]?.extensions?.code).toBe(code);
    expect((await limits(owner, serviceToken())).body.maxRepositories).toBe(7);
  });

  it.each(['gitea-admin', 'listed-admin'] as const)(
    'lets a site administrator (%s) override and reset, one limit at a time',
    async (who) => {
      const first = await gql(SET, { input: { owner, maxRepositories: 2 } }, who);
      expect(first.errors).toBeUndefined();
      expect(first.data?.setOwnerQuota).toEqual({ owner, maxRepositories: 2, maxSizeBytes: 5000 });
      // The other limit given later keeps the first; sizes past 2^31 fit (Float).
      const big = 8 * 1024 ** 3;
      const second = await gql(
        SET,
        { input: { owner: owner.toUpperCase(), maxSizeBytes: big } },
        who,
      );
      expect(second.data?.setOwnerQuota).toEqual({ owner, maxRepositories: 2, maxSizeBytes: big });
      expect((await limits(owner, serviceToken())).body).toEqual({
        owner,
        maxRepositories: 2,
        maxSizeBytes: big,
      });
      const reset = await gql(RESET, { owner }, who);
      expect(reset.data?.resetOwnerQuota).toEqual({
        owner,
        maxRepositories: 7,
        maxSizeBytes: 5000,
      });
      expect((await limits(owner, serviceToken())).body.maxSizeBytes).toBe(5000);
    },
  );

  it.each([
    [{ owner, maxRepositories: -1 }, 'maxRepositories'],
    [{ owner, maxSizeBytes: 1.5 }, 'maxSizeBytes'],
    [{ owner: 'not a login', maxRepositories: 1 }, 'owner'],
    [{ owner }, 'maxRepositories'],
  ])('answers BAD_USER_INPUT for %j', async (input, field) => {
    const res = await gql(SET, { input }, 'gitea-admin');
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('refuses the gateway feed token (not a user)', async () => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${signFeedToken(SECRET)}`,
      },
      body: JSON.stringify({ query: RESET, variables: { owner } }),
    });
    const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('the OwnerQuota entity (limits half)', () => {
  const ENTITIES = `query ($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on OwnerQuota { owner maxRepositories maxSizeBytes } }
  }`;
  const entity = (who: Who) =>
    gql(ENTITIES, { representations: [{ __typename: 'OwnerQuota', owner }] }, who) as Promise<{
      data?: { _entities: unknown[] };
      errors?: { extensions?: { code?: string } }[];
    }>;

  it('gives the limits to a signed-in caller (User.quota decided who may ask)', async () => {
    const res = await entity('owner');
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toEqual([{ owner, maxRepositories: 7, maxSizeBytes: 5000 }]);
  });

  it('is UNAUTHENTICATED for anonymous callers', async () => {
    const res = await entity('anonymous');
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('/internal/quota-limits', () => {
  it('answers the defaults to a service token with the quota scope', async () => {
    const other = `someone-${unique}`;
    expect(await limits(other, serviceToken())).toEqual({
      status: 200,
      body: { owner: other, maxRepositories: 7, maxSizeBytes: 5000 },
    });
  });

  it.each([
    ['no token', undefined],
    ['a user session', 'session'],
    ['the feed token', `Bearer ${signFeedToken(SECRET)}`],
    ['another scope', `Bearer ${signServiceToken(SECRET, 'repository', 'feed')}`],
    [
      'another secret',
      `Bearer ${signServiceToken('another-secret-0123456789abcdef', 'x', 'quota')}`,
    ],
  ])('refuses %s with 401', async (_what, header) => {
    const value = header === 'session' ? await authorization('gitea-admin') : header;
    const res = await limits(owner, value);
    expect(res.status).toBe(401);
    expect(res.body).not.toHaveProperty('maxRepositories');
  });

  it('answers 400 for a name that is not a login', async () => {
    expect((await limits('no/such owner', serviceToken())).status).toBe(400);
  });
});

const loadEnv = (source: NodeJS.ProcessEnv) => parseEnv({ quota: quotaEnvModel }, source);

describe('quota environment', () => {
  it('defaults to 100 repositories and 1 GiB, and refuses bad values all at once', () => {
    expect(loadEnv({}).quota).toMatchObject({
      QUOTA_MAX_REPOSITORIES: 100,
      QUOTA_MAX_SIZE_BYTES: 1024 ** 3,
      GITFORGE_ADMINS: [],
    });
    expect(loadEnv({ QUOTA_MAX_SIZE_BYTES: '10737418240' }).quota.QUOTA_MAX_SIZE_BYTES).toBe(
      10 * 1024 ** 3,
    );
    expect(() => loadEnv({ QUOTA_MAX_REPOSITORIES: '-1', QUOTA_MAX_SIZE_BYTES: 'lots' })).toThrow(
      /QUOTA_MAX_REPOSITORIES[\s\S]*QUOTA_MAX_SIZE_BYTES/,
    );
  });
});
