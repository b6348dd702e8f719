import type { Viewer } from '@gitforge/auth';
import type { RepositoryAccess } from '../services/repositoryAccess';

/**
 * One request's view of `access`: each repository is checked once per request (a list of 50
 * issues asks once, not 50 times), never reused by a later request.
 */
export function perRequestAccess(access: RepositoryAccess): RepositoryAccess {
  const readable = new Map<string, Promise<boolean>>();
  const owner = new Map<string, Promise<boolean>>();
  const once = (
    memo: Map<string, Promise<boolean>>,
    repository: string,
    ask: () => Promise<boolean>,
  ) => {
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
    canRead: (viewer: Viewer | null, repository: string) =>
      once(readable, repository, () => access.canRead(viewer, repository)),
    isOwner: (viewer: Viewer | null, repository: string) =>
      once(owner, repository, () => access.isOwner(viewer, repository)),
  };
}
