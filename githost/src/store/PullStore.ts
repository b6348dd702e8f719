import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { emptyPullStoreData, type PullStoreData } from './pullRecords';
import { writeFileAtomic } from './writeFileAtomic';

/**
 * Pull requests, reviews, branch protections, commit statuses and fork links: one JSON file
 * (`pulls.json`) next to store.json, replaced atomically after each change, like GithostStore.
 * Callers change `data` in place and call `save()`.
 */
export class PullStore {
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string,
    readonly data: PullStoreData,
  ) {}

  static async open(dir: string): Promise<PullStore> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const file = join(dir, 'pulls.json');
    let data: PullStoreData;
    try {
      data = JSON.parse(await readFile(file, 'utf8')) as PullStoreData;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new Error(`githost pull store ${file} is unreadable: ${(err as Error).message}`);
      }
      data = emptyPullStoreData();
    }
    if (data.version !== 1) throw new Error(`githost pull store ${file} has unknown version`);
    return new PullStore(file, data);
  }

  nextId(kind: keyof PullStoreData['nextId']): number {
    const id = this.data.nextId[kind];
    this.data.nextId[kind] = id + 1;
    return id;
  }

  /** Gitea's per-repository index (githost has no issues sharing it; see README). */
  nextIndex(repoId: number): number {
    const index = this.data.nextIndex[String(repoId)] ?? 1;
    this.data.nextIndex[String(repoId)] = index + 1;
    return index;
  }

  save(): Promise<void> {
    const run = this.writing.then(() => writeFileAtomic(this.file, JSON.stringify(this.data)));
    this.writing = run.catch(() => undefined);
    return run;
  }

  async flush(): Promise<void> {
    await this.writing;
  }
}
