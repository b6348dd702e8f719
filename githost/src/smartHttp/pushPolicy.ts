import { chmod, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BranchProtectionService } from '../services/BranchProtectionService';
import { isGlobRule } from '../services/BranchProtectionService';
import type { RepoRecord, UserRecord } from '../store/records';

// receive-pack runs this before any ref moves. githost writes, next to the request's push log,
// the protection rules as they apply to the pusher (`exact|glob <TAB> 1|0 <TAB> rule`): the hook
// only compares names, so no decision is taken outside githost. Messages are Gitea's, which git
// shows as `remote: Gitea: …` with `! [remote rejected] … (pre-receive hook declined)`.
const PRE_RECEIVE = `#!/bin/sh
# Written by githost: protected branches and reserved refs/pull/ for pushes over smart HTTP.
[ -n "$GITHOST_PUSH_LOG" ] || exit 0
policy="$GITHOST_PUSH_LOG.policy"
if [ ! -r "$policy" ]; then echo "Gitea: push policy unavailable, refusing the push" >&2; exit 1; fi
zero=0000000000000000000000000000000000000000
tab=$(printf '\\t')
status=0
while read -r old new ref; do
  case "$ref" in
    refs/pull/*) echo "Gitea: refs/pull/ is reserved for pull requests, refusing $ref" >&2; status=1; continue ;;
    refs/heads/*) ;;
    *) continue ;;
  esac
  branch=\${ref#refs/heads/}
  rule=""
  canpush=""
  while IFS="$tab" read -r kind can name; do
    if [ "$kind" = exact ] && [ "$name" = "$branch" ]; then rule=$name; canpush=$can; break; fi
  done < "$policy"
  if [ -z "$rule" ]; then
    while IFS="$tab" read -r kind can name; do
      [ "$kind" = glob ] || continue
      case "$branch" in $name) rule=$name; canpush=$can; break ;; esac
    done < "$policy"
  fi
  [ -n "$rule" ] || continue
  if [ "$new" = "$zero" ]; then
    echo "Gitea: branch $branch is protected from deletion" >&2; status=1; continue
  fi
  if [ "$old" != "$zero" ] && ! git merge-base --is-ancestor "$old" "$new"; then
    echo "Gitea: branch $branch is protected from force push" >&2; status=1; continue
  fi
  if [ "$canpush" != 1 ]; then
    echo "Gitea: Not allowed to push to protected branch $branch" >&2; status=1; continue
  fi
done
exit $status
`;

/** Adds githost's pre-receive hook to its hooks directory (`core.hooksPath` of receive-pack). */
export async function installPreReceiveHook(hooksDir: string): Promise<void> {
  const file = join(hooksDir, 'pre-receive');
  await writeFile(file, PRE_RECEIVE, { mode: 0o755 });
  await chmod(file, 0o755);
}

/** The rules of `repo` as they apply to `pusher` (who already has WRITE), in the hook's format. */
export function pushPolicy(
  protections: BranchProtectionService,
  repo: RepoRecord,
  pusher: UserRecord,
): string {
  return protections
    .list(repo)
    .map((rule) => {
      const kind = isGlobRule(rule.ruleName) ? 'glob' : 'exact';
      // The hook matches globs with sh `case`; Gitea's `**` is its `*`.
      const name = kind === 'glob' ? rule.ruleName.replace(/\*\*/g, '*') : rule.ruleName;
      return `${kind}\t${protections.canPush(rule, pusher) ? 1 : 0}\t${name}\n`;
    })
    .join('');
}

export const policyFile = (pushLog: string): string => `${pushLog}.policy`;

export async function writePushPolicy(pushLog: string, policy: string): Promise<void> {
  await writeFile(policyFile(pushLog), policy, { mode: 0o600 });
}

export async function removePushPolicy(pushLog: string): Promise<void> {
  await unlink(policyFile(pushLog)).catch(() => undefined);
}
