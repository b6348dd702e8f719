import { FakeGitea } from './fake/FakeGitea';
import { startRepository, type TestRepository } from './startRepository';

const AUTHORS = `query($r: [_Any!]!) { _entities(representations: $r) {
  ... on User { login fullName avatarUrl }
} }`;

let fake: FakeGitea;
let repo: TestRepository | undefined;
let alice: string;
let bob: string;

const userGets = () => fake.calls.filter((op) => op === 'userGet').length;
const authors = (token?: string) =>
  repo!.gql(
    AUTHORS,
    {
      r: [
        { __typename: 'User', login: 'carol' },
        { __typename: 'User', login: 'CAROL' },
        { __typename: 'User', login: 'carol' },
      ],
    },
    { token },
  );

beforeAll(async () => {
  fake = new FakeGitea();
  await fake.start();
  fake.addUser('alice', 'alice-pw');
  fake.addUser('bob', 'bob-pw');
  fake.addUser('carol', 'carol-pw', { fullName: 'Carol Author' });
});

afterEach(async () => {
  await repo?.close();
  repo = undefined;
});

afterAll(async () => {
  await fake?.stop();
});

describe('users between requests', () => {
  it('asks Gitea once per author and caller, whatever the number of representations and requests', async () => {
    repo = await startRepository(fake.url, { cacheTtlMs: 60_000 });
    alice = await repo.login('alice', 'alice-pw');
    bob = await repo.login('bob', 'bob-pw');
    const before = userGets();
    const first = await authors(alice);
    expect(first.errors).toBeUndefined();
    expect(first.data._entities).toEqual([
      { login: 'carol', fullName: 'Carol Author', avatarUrl: expect.any(String) },
      { login: 'CAROL', fullName: 'Carol Author', avatarUrl: expect.any(String) },
      { login: 'carol', fullName: 'Carol Author', avatarUrl: expect.any(String) },
    ]);
    expect(userGets() - before).toBe(1);
    expect((await authors(alice)).data).toEqual(first.data);
    expect(userGets() - before).toBe(1);
    // Gitea may answer another caller differently (limited and private users): not shared.
    for (const token of [bob, undefined]) {
      expect((await authors(token)).data).toEqual(first.data);
    }
    expect(userGets() - before).toBe(3);
    await authors(bob);
    await authors(undefined);
    expect(userGets() - before).toBe(3);
  });

  it("shares the admin token's view (GITEA_ADMIN_TOKEN): every caller gets it anyway", async () => {
    fake.addUser('root', 'root-pw', { admin: true });
    repo = await startRepository(fake.url, {
      cacheTtlMs: 60_000,
      giteaAdminToken: fake.issueToken('root'),
    });
    const before = userGets();
    for (const token of [await repo.login('alice', 'alice-pw'), undefined]) {
      expect((await authors(token)).data._entities[0]).toMatchObject({ fullName: 'Carol Author' });
    }
    expect(userGets() - before).toBe(1);
  });

  it('keeps nothing with a TTL of 0', async () => {
    repo = await startRepository(fake.url, { cacheTtlMs: 0 });
    const before = userGets();
    await authors(undefined);
    await authors(undefined);
    expect(userGets() - before).toBe(2);
  });
});
