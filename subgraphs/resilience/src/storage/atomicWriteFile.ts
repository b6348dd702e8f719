import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

/** fsyncs a directory so that a rename or unlink inside it survives a power loss. */
export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes `data` so that readers see the old file or the new one, never a mix: a temp file
 * beside the target, fsync, rename over the target, fsync the directory.
 */
export async function atomicWriteFile(path: string, data: string | Buffer): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
  await fsyncDirectory(dirname(path));
}
