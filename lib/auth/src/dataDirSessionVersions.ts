import { mkdirSync, readFileSync, renameSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Logger } from '@gitforge/logging';
import type { SessionVersions } from './sessionVersions';

const FILE = 'ended-sessions.json';

const fileSchema = z.object({
  versions: z.record(z.string(), z.number().int().nonnegative()),
  revoked: z.record(z.string(), z.number()),
});
type EndedSessions = z.infer<typeof fileSchema>;

const empty = (): EndedSessions => ({ versions: {}, revoked: {} });

/**
 * Without Redis, for processes that share one data dir (`npm start`): ended sessions are kept in
 * `<dataDir>/sessions/ended-sessions.json`, replaced atomically on each change and re-read by
 * every process when the directory changes, so checking a token is a lookup in memory. Writers
 * are the repository subgraph's logout mutations (one process); a reader that misses a change
 * event still re-reads the file when it writes itself.
 */
export class DataDirSessionVersions implements SessionVersions {
  private readonly dir: string;
  private readonly file: string;
  private state: EndedSessions = empty();
  private readonly watcher: FSWatcher;
  private writing: Promise<unknown> = Promise.resolve();

  constructor(
    dataDir: string,
    private readonly logger?: Logger,
  ) {
    this.dir = join(dataDir, 'sessions');
    this.file = join(this.dir, FILE);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.reload();
    this.watcher = watch(this.dir, () => {
      try {
        this.reload();
      } catch (err) {
        logger?.warn({ err }, 'sessions: cannot read the ended sessions');
      }
    });
    this.watcher.on('error', (err) => logger?.warn({ err }, 'sessions: cannot watch the data dir'));
  }

  current(login: string): number {
    return this.state.versions[login.toLowerCase()] ?? 0;
  }

  isRevoked(sessionId: string): boolean {
    return (this.state.revoked[sessionId] ?? 0) > Date.now();
  }

  endAll(login: string): Promise<number> {
    const user = login.toLowerCase();
    return this.update((state) => {
      state.versions[user] = (state.versions[user] ?? 0) + 1;
      return state.versions[user];
    });
  }

  async revoke(sessionId: string, expiresAt: number): Promise<void> {
    await this.update((state) => {
      const now = Date.now();
      for (const [id, until] of Object.entries(state.revoked)) {
        if (until <= now) delete state.revoked[id];
      }
      state.revoked[sessionId] = expiresAt;
    });
  }

  async close(): Promise<void> {
    this.watcher.close();
  }

  /** Read-modify-replace, one at a time in this process; readers never see a half-written file. */
  private update<T>(change: (state: EndedSessions) => T): Promise<T> {
    const next = this.writing.then(() => {
      this.reload();
      const result = change(this.state);
      const temp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify(this.state), { mode: 0o600 });
      renameSync(temp, this.file);
      return result;
    });
    this.writing = next.catch(() => undefined);
    return next;
  }

  private reload(): void {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      return;
    }
    const parsed = fileSchema.safeParse(safeJson(text));
    if (parsed.success) this.state = parsed.data;
    else this.logger?.warn({ file: this.file }, 'sessions: unreadable file ignored');
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
