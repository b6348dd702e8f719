import type { Viewer } from '@gitforge/auth';
import { DomainError } from '@gitforge/errors';
import type { Logger } from '@gitforge/logging';
import { atLeast, type AssigneeCheck } from '../services/repositoryAccess';
import type { PermissionFactsStore } from './PermissionFactsStore';
import type { RepositoryFactsStore } from './RepositoryFactsStore';
import {
  callRepositorySubgraph,
  Unanswered,
  unansweredOf,
  type RepositorySubgraphCallOptions,
} from './repositorySubgraphCall';
import { storedLevel } from './storedLevel';

const QUERY = `query RepositoryAssignees($owner: String!, $name: String!, $after: String) {
  repository(owner: $owner, name: $name) {
    assignableUsers(first: 50, after: $after) {
      nodes { login }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

interface Answer {
  repository?: {
    assignableUsers: {
      nodes: { login: string }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  } | null;
}

/** Pages of assignable users read at most (50 each): a repository's WRITE+ users. */
const MAX_PAGES = 20;

export interface RepositoryAssigneesOptions extends RepositorySubgraphCallOptions {
  facts: RepositoryFactsStore;
  levels: PermissionFactsStore;
  logger?: Logger;
}

/**
 * Who may be assigned: the repository subgraph's `assignableUsers` (Gitea's assignees, users
 * with WRITE or above), asked as the viewer. When it cannot answer, the levels stored in the
 * issues database decide (the owner, and users last shown WRITE or above); a repository never
 * seen fails with UPSTREAM_UNAVAILABLE.
 */
export class RepositoryAssignees implements AssigneeCheck {
  constructor(private readonly options: RepositoryAssigneesOptions) {}

  async assignable(
    viewer: Viewer,
    repository: string,
    logins: readonly string[],
  ): Promise<string[]> {
    let users: Map<string, string>;
    try {
      users = await this.ask(viewer, repository);
    } catch (err) {
      if (!(err instanceof Unanswered)) throw err;
      if (!err.upstreamDown) {
        throw new DomainError(
          'UPSTREAM_UNAVAILABLE',
          `Cannot check the assignees of ${repository}: the repository service refused (${err.message})`,
        );
      }
      this.options.logger?.warn(
        { repository, reason: err.message },
        'repository subgraph did not answer; assignees from the stored levels',
      );
      return this.fromStoredLevels(repository, logins);
    }
    // As Gitea spells them.
    return logins.flatMap((login) => users.get(login.toLowerCase()) ?? []);
  }

  /** The assignable users by lower-case login. */
  private async ask(viewer: Viewer, repository: string): Promise<Map<string, string>> {
    const [owner, name] = repository.split('/');
    const users = new Map<string, string>();
    let after: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const body: Awaited<ReturnType<typeof callRepositorySubgraph<Answer>>> =
        await callRepositorySubgraph<Answer>(this.options, viewer, QUERY, { owner, name, after });
      const found = body.data?.repository;
      if (!found) {
        if (body.errors?.[0]?.extensions?.code === 'NOT_FOUND') return users;
        throw unansweredOf(body);
      }
      const { nodes, pageInfo } = found.assignableUsers;
      for (const node of nodes) users.set(node.login.toLowerCase(), node.login);
      if (!pageInfo.hasNextPage || !pageInfo.endCursor) break;
      after = pageInfo.endCursor;
    }
    return users;
  }

  private async fromStoredLevels(repository: string, logins: readonly string[]) {
    const facts = await this.options.facts.get(repository).catch(() => undefined);
    if (!facts) {
      throw new DomainError(
        'UPSTREAM_UNAVAILABLE',
        `Cannot check the assignees of ${repository}: the repository service is unavailable`,
      );
    }
    const levels = await Promise.all(
      logins.map((login) => storedLevel(this.options.levels, repository, facts, { login })),
    );
    return logins.filter((_, i) => atLeast(levels[i]!, 'write'));
  }
}
