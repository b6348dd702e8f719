import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BareRepository } from '../git/BareRepository';
import type { TreeEntry } from '../git/types';

const SNIFF_BYTES = 8000;

/** Like Gitea: text is served as text/plain (never as HTML), anything with a NUL as binary. */
function contentType(head: Buffer): string {
  return head.subarray(0, SNIFF_BYTES).includes(0)
    ? 'application/octet-stream'
    : 'text/plain; charset=utf-8';
}

/**
 * Streams a blob from `git cat-file blob` to the response with backpressure; the first chunk
 * decides the content type. A client that goes away stops git.
 */
export async function streamBlob(
  req: IncomingMessage,
  res: ServerResponse,
  git: BareRepository,
  entry: TreeEntry,
): Promise<void> {
  const etag = `"${entry.sha}"`;
  const common = {
    etag,
    'cache-control': 'private, max-age=300',
    'x-content-type-options': 'nosniff',
    'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(entry.name)}`,
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, common);
    res.end();
    return;
  }
  const child = git.streamBlob(entry.sha);
  const stdout = child.stdout;
  res.once('close', () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  await new Promise<void>((resolve, reject) => {
    let started = false;
    const start = (head: Buffer) => {
      started = true;
      res.writeHead(200, {
        ...common,
        'content-type': contentType(head),
        'content-length': String(entry.size),
      });
    };
    stdout.once('data', (chunk: Buffer) => {
      stdout.pause();
      start(chunk);
      if (res.write(chunk)) stdout.resume();
      else res.once('drain', () => stdout.resume());
      stdout.on('data', (more: Buffer) => {
        if (!res.write(more)) {
          stdout.pause();
          res.once('drain', () => stdout.resume());
        }
      });
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0 && !started) {
        reject(new Error(`git cat-file exited ${code}`));
        return;
      }
      if (code !== 0) {
        res.destroy();
      } else {
        if (!started) start(Buffer.alloc(0));
        res.end();
      }
      resolve();
    });
  });
}
