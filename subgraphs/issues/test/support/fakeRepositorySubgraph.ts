import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { viewerFromAuthorization } from '@gitforge/auth';

export interface FakeRepository {
  owner: string;
  private: boolean;
  giteaId: number;
  /** Users other than the owner who may see it while private (Gitea collaborators). */
  collaborators?: string[];
}

export interface FakeRepositorySubgraph {
  url: string;
  /** Repositories by `owner/name`; absent = does not exist. */
  repositories: Map<string, FakeRepository>;
  /** Permission calls answered so far. */
  calls(): number;
  close(): Promise<void>;
}

/**
 * The repository subgraph's permission answer (`repository(owner, name)`) as the issues
 * subgraph asks for it: what Gitea shows the viewer (a private repository to its owner and
 * collaborators only, NOT_FOUND otherwise). Counts the calls.
 */
export async function startFakeRepositorySubgraph(
  jwtSecret: string,
): Promise<FakeRepositorySubgraph> {
  const repositories = new Map<string, FakeRepository>();
  let calls = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      calls += 1;
      const { variables } = JSON.parse(body) as { variables: { owner: string; name: string } };
      void viewerFromAuthorization(jwtSecret, req.headers.authorization).then((viewer) => {
        const repo = repositories.get(`${variables.owner}/${variables.name}`);
        const login = viewer?.login;
        const visible =
          repo &&
          (!repo.private ||
            login === repo.owner ||
            (login !== undefined && repo.collaborators?.includes(login)));
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify(
            visible
              ? {
                  data: {
                    repository: {
                      giteaId: repo.giteaId,
                      private: repo.private,
                      owner: { login: repo.owner },
                    },
                  },
                }
              : { data: { repository: null }, errors: [{ extensions: { code: 'NOT_FOUND' } }] },
          ),
        );
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    repositories,
    calls: () => calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
