import { randomUUID } from 'node:crypto';
import { chmod, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isFullSha } from '../git/refNames';
import type { RefUpdate } from '../git/types';

// receive-pack runs this with the pushed ref updates on stdin; the environment names a file
// per request, so concurrent pushes never see each other's updates.
const POST_RECEIVE = `#!/bin/sh
# Written by githost: records ref updates so push webhooks can be delivered.
if [ -n "$GITHOST_PUSH_LOG" ]; then cat >> "$GITHOST_PUSH_LOG"; else cat > /dev/null; fi
exit 0
`;

/** Writes githost's hooks directory (used through `core.hooksPath`) and returns its path. */
export async function installHooks(githostDir: string): Promise<string> {
  const dir = join(githostDir, 'hooks');
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'post-receive');
  await writeFile(file, POST_RECEIVE, { mode: 0o755 });
  await chmod(file, 0o755);
  return dir;
}

export function newPushLogPath(tmpDir: string): string {
  return join(tmpDir, `push-${randomUUID()}.log`);
}

/** Reads and removes a push log; no file means nothing was updated. */
export async function takePushLog(file: string): Promise<RefUpdate[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  await unlink(file).catch(() => undefined);
  return text
    .split('\n')
    .map((line) => line.trim().split(' '))
    .filter(([before, after, ref]) => isFullSha(before ?? '') && isFullSha(after ?? '') && ref)
    .map(([before = '', after = '', ref = '']) => ({ before, after, ref }));
}
