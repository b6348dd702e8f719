/**
 * Who subscribes to what in the subscription benchmark: pure and shared by the bench (which
 * spreads subscribers over repositories they may read) and the repository subgraph stand-in
 * (which answers who may read), so both agree without talking.
 */

/** The author of every event; owns (and so may read) every repository. */
export const OWNER = 'benchowner';

export interface BenchRepository {
  index: number;
  fullName: string;
  private: boolean;
}

/** `count` repositories `benchowner/repo<k>`; the last `privateCount` of them private. */
export function benchRepositories(count: number, privateCount: number): BenchRepository[] {
  return Array.from({ length: count }, (_, index) => ({
    index,
    fullName: `${OWNER}/repo${index}`,
    private: index >= count - privateCount,
  }));
}

/** User `user<i>` of the benchmark; `null` is anonymous. */
export const userLogin = (i: number) => `user${i}`;

/** Members of a private repository: the owner and one user in four (which four: by index). */
export function mayRead(login: string | null, repository: BenchRepository): boolean {
  if (!repository.private) return true;
  if (login === null) return false;
  if (login.toLowerCase() === OWNER) return true;
  const match = /^user(\d+)$/.exec(login);
  return match !== null && Number(match[1]) % 4 === repository.index % 4;
}

export interface SubscriberSpec {
  /** Index of the signed-in user, or null for an anonymous subscriber. */
  user: number | null;
  repository: number;
}

/**
 * `count` subscribers: `anonymousPercent` % anonymous (spread evenly), the others signed in as
 * users 0, 1, …, users-1, 0, … (so every user appears when count × signed-in share ≥ users), each
 * on one of the repositories that viewer may read, picked by a hash of its position (a plain
 * rotation would follow the user's index, which also decides the private repositories' members).
 */
export function subscribers(
  count: number,
  users: number,
  repositories: readonly BenchRepository[],
  anonymousPercent: number,
): SubscriberSpec[] {
  const specs: SubscriberSpec[] = [];
  let signedIn = 0;
  let anonymous = 0;
  for (let j = 0; j < count; j += 1) {
    // Bresenham-style: anonymous whenever the share so far is below the target.
    const isAnonymous = users === 0 || anonymous * 100 < (j + 1) * anonymousPercent;
    const user = isAnonymous ? null : signedIn % users;
    const login = user === null ? null : userLogin(user);
    const readable = repositories.filter((r) => mayRead(login, r));
    if (readable.length === 0) throw new Error(`${login ?? 'anonymous'} may read no repository`);
    specs.push({ user, repository: readable[spread(j) % readable.length]!.index });
    if (isAnonymous) anonymous += 1;
    else signedIn += 1;
  }
  return specs;
}

/** A fixed integer hash (murmur3's finaliser): deterministic, evenly spread. */
function spread(j: number): number {
  let h = j + 0x9e3779b9;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
