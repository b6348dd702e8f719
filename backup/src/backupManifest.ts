import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export const MANIFEST = 'manifest.json';
/** The manifest's own checksum: a changed manifest is caught before any of its sums is trusted. */
export const MANIFEST_SUM = 'manifest.json.sha256';
export const FORMAT = 1;

export interface FileEntry {
  /** Relative to the backup directory, `/`-separated. */
  path: string;
  size: number;
  sha256: string;
}

export interface RepositoryEntry {
  owner: string;
  name: string;
  /** Relative to the data dir: githost/repos/<owner>/<name>.git */
  path: string;
  /** Relative to the backup; absent for a repository without refs. */
  bundle?: string;
  /** `git show-ref` of the repository when it was bundled: ref → object id. */
  refs: Record<string, string>;
  /** Target of the symbolic HEAD (refs/heads/main). */
  head: string;
  /** Taken over from the previous backup (hard link) because no ref moved. */
  reused: boolean;
}

export type DatabaseEntry =
  | { kind: 'pg_dump'; file: string; serverVersion: string }
  | { kind: 'sql'; file: string; serverVersion: string; tables: Record<string, number> }
  | { kind: 'none'; reason: string };

export interface BackupManifest {
  format: typeof FORMAT;
  platform: { name: string; version: string; commit?: string };
  startedAt: string;
  finishedAt: string;
  sourceDataDir: string;
  /** The backup repositories were compared with (incremental), if any. */
  previous?: string;
  database: DatabaseEntry;
  repositories: RepositoryEntry[];
  counters: {
    repositoriesBundled: number;
    repositoriesReused: number;
    files: number;
    bytes: number;
    durationMs: number;
  };
  notes: string[];
  files: FileEntry[];
}

export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('error', reject)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')));
  });
}

export const sha256Text = (text: string): string => createHash('sha256').update(text).digest('hex');
