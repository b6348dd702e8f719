import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  emptyStoreData,
  type CollaboratorRecord,
  type HookRecord,
  type TeamRecord,
  type RepoRecord,
  type StoreData,
  type TokenRecord,
  type UserRecord,
} from './records';
import { writeFileAtomic } from './writeFileAtomic';

const lower = (s: string) => s.toLowerCase();

export const sha256Hex = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * Users, tokens, repository metadata and hooks, held in memory and persisted as one JSON file
 * (atomic replace on every change). githost is a single process, so this is the whole story.
 */
export class GithostStore {
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private readonly data: StoreData,
  ) {}

  static async open(dir: string): Promise<GithostStore> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const file = join(dir, 'store.json');
    let data: StoreData;
    try {
      data = JSON.parse(await readFile(file, 'utf8')) as StoreData;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new Error(`githost store ${file} is unreadable: ${(err as Error).message}`);
      }
      data = emptyStoreData();
    }
    if (data.version !== 1) throw new Error(`githost store ${file} has unknown version`);
    // Stores written before organizations existed.
    data.teams ??= [];
    data.collaborators ??= [];
    data.nextId.team ??= 1;
    return new GithostStore(file, data);
  }

  /** Writes the current state; writes are queued so the file always ends at the latest state. */
  private persist(): Promise<void> {
    const run = this.writing.then(() => writeFileAtomic(this.file, JSON.stringify(this.data)));
    this.writing = run.catch(() => undefined);
    return run;
  }

  async flush(): Promise<void> {
    await this.writing;
  }

  // users

  userById(id: number): UserRecord | undefined {
    return this.data.users.find((u) => u.id === id);
  }

  userByLogin(login: string): UserRecord | undefined {
    return this.data.users.find((u) => lower(u.login) === lower(login));
  }

  /** Individuals only: an organization's contact address names nobody. */
  userByEmail(email: string): UserRecord | undefined {
    return this.data.users.find((u) => !u.org && lower(u.email) === lower(email));
  }

  async addUser(user: Omit<UserRecord, 'id'>): Promise<UserRecord> {
    const record = { id: this.data.nextId.user++, ...user };
    this.data.users.push(record);
    await this.persist();
    return record;
  }

  async updateUser(id: number, patch: Partial<Omit<UserRecord, 'id'>>): Promise<void> {
    const record = this.userById(id);
    if (!record) return;
    Object.assign(record, patch);
    await this.persist();
  }

  // tokens

  tokenByValue(token: string): TokenRecord | undefined {
    const hash = sha256Hex(token);
    return this.data.tokens.find((t) => t.sha256 === hash);
  }

  tokensOf(userId: number): TokenRecord[] {
    return this.data.tokens.filter((t) => t.userId === userId);
  }

  async addToken(token: Omit<TokenRecord, 'id'>): Promise<TokenRecord> {
    const record = { id: this.data.nextId.token++, ...token };
    this.data.tokens.push(record);
    await this.persist();
    return record;
  }

  async removeToken(userId: number, id: number): Promise<boolean> {
    const before = this.data.tokens.length;
    this.data.tokens = this.data.tokens.filter((t) => !(t.userId === userId && t.id === id));
    if (this.data.tokens.length === before) return false;
    await this.persist();
    return true;
  }

  // repositories

  repo(ownerId: number, name: string): RepoRecord | undefined {
    return this.data.repos.find((r) => r.ownerId === ownerId && lower(r.name) === lower(name));
  }

  repoById(id: number): RepoRecord | undefined {
    return this.data.repos.find((r) => r.id === id);
  }

  allRepos(): readonly RepoRecord[] {
    return this.data.repos;
  }

  async addRepo(repo: Omit<RepoRecord, 'id'>): Promise<RepoRecord> {
    const record = { id: this.data.nextId.repo++, ...repo };
    this.data.repos.push(record);
    await this.persist();
    return record;
  }

  async updateRepo(id: number, patch: Partial<Omit<RepoRecord, 'id'>>): Promise<void> {
    const record = this.repoById(id);
    if (!record) return;
    Object.assign(record, patch);
    await this.persist();
  }

  async removeRepo(id: number): Promise<void> {
    this.data.repos = this.data.repos.filter((r) => r.id !== id);
    this.data.hooks = this.data.hooks.filter((h) => h.repoId !== id);
    this.data.collaborators = this.collaborations().filter((c) => c.repoId !== id);
    for (const team of this.teams()) team.repoIds = team.repoIds.filter((r) => r !== id);
    await this.persist();
  }

  // organizations (users with `org`), teams, collaborators

  allUsers(): readonly UserRecord[] {
    return this.data.users;
  }

  /** Removes an organization (or user) with its teams; callers make sure it owns no repository. */
  async removeUser(id: number): Promise<void> {
    this.data.users = this.data.users.filter((u) => u.id !== id);
    this.data.tokens = this.data.tokens.filter((t) => t.userId !== id);
    this.data.teams = this.teams().filter((t) => t.orgId !== id);
    for (const team of this.teams()) team.memberIds = team.memberIds.filter((m) => m !== id);
    this.data.collaborators = this.collaborations().filter((c) => c.userId !== id);
    await this.persist();
  }

  teams(): TeamRecord[] {
    return (this.data.teams ??= []);
  }

  teamById(id: number): TeamRecord | undefined {
    return this.teams().find((t) => t.id === id);
  }

  async addTeam(team: Omit<TeamRecord, 'id'>): Promise<TeamRecord> {
    const record = { id: (this.data.nextId.team ??= 1), ...team };
    this.data.nextId.team += 1;
    this.teams().push(record);
    await this.persist();
    return record;
  }

  /** Applies `change` to the team (if it still exists) and persists. */
  async updateTeam(id: number, change: (team: TeamRecord) => void): Promise<void> {
    const team = this.teamById(id);
    if (!team) return;
    change(team);
    await this.persist();
  }

  async removeTeam(id: number): Promise<void> {
    this.data.teams = this.teams().filter((t) => t.id !== id);
    await this.persist();
  }

  collaborations(): CollaboratorRecord[] {
    return (this.data.collaborators ??= []);
  }

  async setCollaborator(record: CollaboratorRecord): Promise<void> {
    const existing = this.collaborations().find(
      (c) => c.repoId === record.repoId && c.userId === record.userId,
    );
    if (existing) existing.mode = record.mode;
    else this.collaborations().push({ ...record });
    await this.persist();
  }

  async removeCollaborator(repoId: number, userId: number): Promise<boolean> {
    const before = this.collaborations().length;
    this.data.collaborators = this.collaborations().filter(
      (c) => !(c.repoId === repoId && c.userId === userId),
    );
    if (this.data.collaborators.length === before) return false;
    await this.persist();
    return true;
  }

  // hooks

  hooksOf(repoId: number): HookRecord[] {
    return this.data.hooks.filter((h) => h.repoId === repoId);
  }

  async addHook(hook: Omit<HookRecord, 'id'>): Promise<HookRecord> {
    const record = { id: this.data.nextId.hook++, ...hook };
    this.data.hooks.push(record);
    await this.persist();
    return record;
  }

  async removeHook(repoId: number, id: number): Promise<boolean> {
    const before = this.data.hooks.length;
    this.data.hooks = this.data.hooks.filter((h) => !(h.repoId === repoId && h.id === id));
    if (this.data.hooks.length === before) return false;
    await this.persist();
    return true;
  }
}
