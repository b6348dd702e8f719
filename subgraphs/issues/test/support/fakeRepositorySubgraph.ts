import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { viewerFromAuthorization, type Viewer } from '@gitforge/auth';

type Permission = 'READ' | 'WRITE' | 'ADMIN';

export interface FakeRepository {
  owner: string;
  private: boolean;
  giteaId: number;
  /** Users other than the owner who may see it while private (Gitea collaborators, READ). */
  collaborators?: string[];
  /** Users' levels (collaborators, team members) other than the owner's (ADMIN). */
  levels?: Record<string, Permission>;
}

export interface FakeRepositorySubgraph {
  url: string;
  /** Repositories by `owner/name`; absent = does not exist. */
  repositories: Map<string, FakeRepository>;
  /** Set: every call answers this error code (UPSTREAM_UNAVAILABLE: Gitea down). */
  failing?: string;
  /** Permission calls answered so far. */
  calls(): number;
  /** Assignee calls answered so far. */
  assigneeCalls(): number;
  close(): Promise<void>;
}

/** What Gitea shows `viewer` of `repo`: its level, or undefined when hidden. */
export function permissionOf(
  repo: FakeRepository | undefined,
  viewer: Viewer | null,
): Permission | undefined {
  if (!repo) return undefined;
  const login = viewer?.login.toLowerCase();
  if (viewer?.isAdmin || login === repo.owner.toLowerCase()) return 'ADMIN';
  const level =
    login === undefined
      ? undefined
      : (Object.entries(repo.levels ?? {}).find(([user]) => user.toLowerCase() === login)?.[1] ??
        (repo.collaborators?.some((user) => user.toLowerCase() === login) ? 'READ' : undefined));
  if (level) return level;
  return repo.private ? undefined : 'READ';
}

/**
 * The repository subgraph as the issues subgraph asks it: `repository(owner, name)` with what
 * Gitea shows the viewer (a private repository to its owner, collaborators and site admins
 * only, NOT_FOUND otherwise; `viewerPermission` from their level), and its `assignableUsers`
 * (owner and users with WRITE or above). Counts the calls.
 */
export async function startFakeRepositorySubgraph(
  jwtSecret: string,
): Promise<FakeRepositorySubgraph> {
  const repositories = new Map<string, FakeRepository>();
  let calls = 0;
  let assigneeCalls = 0;
  const fake: FakeRepositorySubgraph = {
    url: '',
    repositories,
    calls: () => calls,
    assigneeCalls: () => assigneeCalls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const answer = (
    query: string,
    variables: { owner: string; name: string },
    viewer: Viewer | null,
  ) => {
    if (fake.failing) {
      return {
        data: null,
        errors: [{ message: fake.failing, extensions: { code: fake.failing } }],
      };
    }
    const repo = repositories.get(`${variables.owner}/${variables.name}`);
    const permission = permissionOf(repo, viewer);
    if (!repo || !permission) {
      return { data: { repository: null }, errors: [{ extensions: { code: 'NOT_FOUND' } }] };
    }
    if (query.includes('assignableUsers')) {
      const logins = [
        repo.owner,
        ...Object.entries(repo.levels ?? {})
          .filter(([, level]) => level !== 'READ')
          .map(([login]) => login),
      ];
      return {
        data: {
          repository: {
            assignableUsers: {
              nodes: logins.map((login) => ({ login })),
              pageInfo: { hasNextPage: false, endCursor: null },
            },
          },
        },
      };
    }
    return {
      data: {
        repository: {
          giteaId: repo.giteaId,
          private: repo.private,
          owner: { login: repo.owner },
          viewerPermission: permission,
        },
      },
    };
  };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const { query, variables } = JSON.parse(body) as {
        query: string;
        variables: { owner: string; name: string };
      };
      if (query.includes('assignableUsers')) assigneeCalls += 1;
      else calls += 1;
      void viewerFromAuthorization(jwtSecret, req.headers.authorization).then((viewer) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(answer(query, variables, viewer)));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return fake;
}
