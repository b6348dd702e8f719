import { signSessionToken, type Viewer } from '@gitforge/auth';
import { DomainError } from '@gitforge/errors';
import { currentRequestId, REQUEST_ID_HEADER } from '@gitforge/logging';
import type { RepositoryAccess } from '../services/repositoryAccess';

interface RepositoryFacts {
  private: boolean;
  owner: string;
}

type Visibility = { visible: true; facts: RepositoryFacts } | { visible: false };

export interface RepositorySubgraphAccessOptions {
  /** The repository subgraph's GraphQL endpoint (called directly, not through the gateway). */
  url: string;
  /** Secret of the session JWT: the viewer's identity is re-signed for the call. */
  jwtSecret: string;
  timeoutMs?: number;
  /** How long one viewer's answer for one repository is reused (access can change). */
  ttlMs?: number;
}

const QUERY = `query RepositoryAccess($owner: String!, $name: String!) {
  repository(owner: $owner, name: $name) { private owner { login } }
}`;

/**
 * The permission rule of the seed, answered by the repository subgraph (which asks Gitea as
 * the viewer): a repository the viewer cannot see does not exist for them (NOT_FOUND); its owner
 * may write. When Gitea or the subgraph is down, the last facts seen for the repository keep the
 * issue tracker online (public: everyone reads; private: only the owner); a repository never
 * seen fails with UPSTREAM_UNAVAILABLE rather than being guessed.
 */
export class RepositorySubgraphAccess implements RepositoryAccess {
  private readonly recent = new Map<string, { at: number; answer: Promise<Visibility> }>();
  private readonly lastKnown = new Map<string, RepositoryFacts>();

  constructor(private readonly options: RepositorySubgraphAccessOptions) {}

  async canRead(viewer: Viewer | null, repository: string): Promise<boolean> {
    return (await this.visibility(viewer, repository)).visible;
  }

  async isOwner(viewer: Viewer | null, repository: string): Promise<boolean> {
    if (!viewer) return false;
    const seen = await this.visibility(viewer, repository);
    return seen.visible && seen.facts.owner.toLowerCase() === viewer.login.toLowerCase();
  }

  private visibility(viewer: Viewer | null, repository: string): Promise<Visibility> {
    const key = `${viewer?.login ?? ''}\u0000${repository}`;
    const now = Date.now();
    const cached = this.recent.get(key);
    if (cached && now - cached.at < (this.options.ttlMs ?? 2000)) return cached.answer;
    const answer = this.ask(viewer, repository).catch((err: unknown) => {
      this.recent.delete(key);
      throw err;
    });
    this.recent.set(key, { at: now, answer });
    if (this.recent.size > 10_000) this.recent.clear();
    return answer;
  }

  private async ask(viewer: Viewer | null, repository: string): Promise<Visibility> {
    const [owner, name] = repository.split('/');
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const requestId = currentRequestId();
    if (requestId) headers[REQUEST_ID_HEADER] = requestId;
    if (viewer) {
      const token = await signSessionToken(this.options.jwtSecret, viewer.login, {
        expiresIn: '60s',
        upstreamToken: viewer.upstreamToken,
      });
      headers.authorization = `Bearer ${token}`;
    }
    let body: {
      data?: { repository?: { private: boolean; owner: { login: string } } | null };
      errors?: { extensions?: { code?: string } }[];
    };
    try {
      const res = await fetch(this.options.url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query: QUERY, variables: { owner, name } }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
      });
      body = (await res.json()) as typeof body;
    } catch {
      return this.fallback(viewer, repository);
    }
    const found = body.data?.repository;
    if (found) {
      const facts = { private: found.private, owner: found.owner.login };
      this.lastKnown.set(repository, facts);
      return { visible: true, facts };
    }
    const code = body.errors?.[0]?.extensions?.code;
    if (code === 'NOT_FOUND') return { visible: false };
    return this.fallback(viewer, repository);
  }

  private fallback(viewer: Viewer | null, repository: string): Visibility {
    const facts = this.lastKnown.get(repository);
    if (!facts) {
      throw new DomainError(
        'UPSTREAM_UNAVAILABLE',
        `Cannot check access to ${repository}: the repository service is unavailable`,
      );
    }
    const visible = !facts.private || facts.owner.toLowerCase() === viewer?.login.toLowerCase();
    return visible ? { visible, facts } : { visible: false };
  }
}
