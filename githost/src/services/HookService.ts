import type { GithostStore } from '../store/GithostStore';
import type { HookRecord, RepoRecord } from '../store/records';
import { invalid, notFound } from './GithostError';

export interface CreateHookInput {
  type: string;
  config: Record<string, string>;
  events?: string[];
  active?: boolean;
  branchFilter?: string;
  authorizationHeader?: string;
}

// Hook types whose payload is Gitea's own JSON; the chat integrations are not emulated.
const SUPPORTED_TYPES = new Set(['gitea', 'gogs']);

/** Repository webhooks, validated the way Gitea 1.21's API validates them. */
export class HookService {
  constructor(private readonly store: GithostStore) {}

  list(repo: RepoRecord): HookRecord[] {
    return this.store.hooksOf(repo.id);
  }

  async create(repo: RepoRecord, input: CreateHookInput): Promise<HookRecord> {
    if (!SUPPORTED_TYPES.has(input.type)) throw invalid('Invalid hook type');
    const url = input.config.url;
    if (!url) throw invalid('Missing config option: url');
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw invalid('Invalid url');
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw invalid('Invalid url');
    const contentType = input.config.content_type;
    if (!contentType) throw invalid('Missing config option: content_type');
    if (contentType !== 'json' && contentType !== 'form') throw invalid('Invalid content type');
    const method = (input.config.http_method ?? 'post').toLowerCase();
    if (method !== 'post') throw invalid('Invalid http method: only post is supported');
    const now = new Date().toISOString();
    return this.store.addHook({
      repoId: repo.id,
      type: input.type as HookRecord['type'],
      url,
      contentType,
      httpMethod: 'post',
      secret: input.config.secret ?? '',
      events: input.events && input.events.length > 0 ? input.events : ['push'],
      active: input.active ?? false,
      branchFilter: input.branchFilter ?? '',
      authorizationHeader: input.authorizationHeader ?? '',
      createdAt: now,
      updatedAt: now,
    });
  }

  async delete(repo: RepoRecord, id: number): Promise<void> {
    if (!(await this.store.removeHook(repo.id, id))) {
      throw notFound(`hook does not exist [id: ${id}]`);
    }
  }

  /** Active hooks of a repository subscribed to push events. */
  pushHooks(repo: RepoRecord): HookRecord[] {
    return this.hooksFor(repo, 'push');
  }

  /** Active hooks of a repository subscribed to `event`. */
  hooksFor(repo: RepoRecord, event: string): HookRecord[] {
    return this.store
      .hooksOf(repo.id)
      .filter((h) => h.active && (h.events.includes(event) || h.events.includes('*')));
  }
}
