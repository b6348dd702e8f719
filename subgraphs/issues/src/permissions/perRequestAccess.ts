import type { Viewer } from '@gitforge/auth';
import { atLeast, type AccessLevel, type RepositoryAccess } from '../services/repositoryAccess';

/**
 * One request's view of `access`: each repository is checked once per request (a list of 50
 * issues, each with its viewerCan* fields, asks once, not 50 times), never reused by a later
 * request. A level already known answers readability too.
 */
export function perRequestAccess(access: RepositoryAccess): RepositoryAccess {
  const readable = new Map<string, Promise<boolean>>();
  const levels = new Map<string, Promise<AccessLevel>>();
  const once = <T>(memo: Map<string, Promise<T>>, repository: string, ask: () => Promise<T>) => {
    const key = repository.toLowerCase();
    let answer = memo.get(key);
    if (!answer) {
      answer = ask();
      memo.set(key, answer);
      // A failed check (upstream down) is not remembered: the next field asks again.
      answer.catch(() => memo.delete(key));
    }
    return answer;
  };
  return {
    canRead: (viewer: Viewer | null, repository: string) => {
      const level = levels.get(repository.toLowerCase());
      if (level) return level.then((l) => atLeast(l, 'read'));
      return once(readable, repository, () => access.canRead(viewer, repository));
    },
    level: (viewer: Viewer | null, repository: string) =>
      once(levels, repository, () => access.level(viewer, repository)),
  };
}
