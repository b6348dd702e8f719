import { join } from 'node:path';

/**
 * Where `npm start` keeps its state under GITFORGE_DATA_DIR (see supervisor/src/main.ts,
 * githost/src/createGithost.ts, lib/env loadOrCreateSecret, lib/auth dataDirSessionVersions,
 * subgraphs/resilience/src/services/ResilienceManager.ts, lib/devdb/src/main.ts).
 * `run/`, `githost/tmp/` and `githost/hooks/` are rebuilt at start and never backed up.
 */
export function dataDirLayout(dataDir: string) {
  const githost = join(dataDir, 'githost');
  return {
    dataDir,
    secrets: join(dataDir, 'secrets'),
    sessions: join(dataDir, 'sessions'),
    githost,
    githostStore: join(githost, 'store.json'),
    githostPulls: join(githost, 'pulls.json'),
    githostDemoPassword: join(githost, 'demo-password'),
    repos: join(githost, 'repos'),
    resilience: join(dataDir, 'resilience'),
    resilienceStrategy: join(dataDir, 'resilience', 'strategy.json'),
    pglite: join(dataDir, 'pglite'),
  };
}

export type DataDirLayout = ReturnType<typeof dataDirLayout>;

/** githost's path of a bare repository (RepositoryService.gitDir). */
export const repositoryPath = (ownerLogin: string, name: string): string =>
  join('githost', 'repos', ownerLogin.toLowerCase(), `${name.toLowerCase()}.git`);
