import { spawnGit } from './runGit';

/**
 * Runs git and yields its NUL-separated output records one at a time, so long listings
 * (recursive trees, history walks) are never held in memory. Breaking out of the loop kills git.
 */
export async function* streamNulRecords(
  args: readonly string[],
  env?: Record<string, string>,
): AsyncGenerator<string> {
  const child = spawnGit(args, env);
  child.stdin.end();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < 4096) stderr += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  let pending: Buffer = Buffer.alloc(0);
  let finished = false;
  try {
    for await (const chunk of child.stdout) {
      pending =
        pending.length === 0 ? (chunk as Buffer) : Buffer.concat([pending, chunk as Buffer]);
      let start = 0;
      let nul = pending.indexOf(0, start);
      while (nul !== -1) {
        yield pending.toString('utf8', start, nul);
        start = nul + 1;
        nul = pending.indexOf(0, start);
      }
      pending = pending.subarray(start);
    }
    if (pending.length > 0) yield pending.toString('utf8');
    const code = await exited;
    finished = true;
    if (code !== 0) {
      const command = args.find((a) => !a.startsWith('-')) ?? '';
      throw new Error(`git ${command} exited ${code}: ${stderr.trim()}`);
    }
  } finally {
    if (!finished) child.kill('SIGKILL');
  }
}
