import { optionalUrl, parseEnv, port } from '@gitforge/env';
import { z } from 'zod';

const optionalString = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());

/** The environment of `npm run backup`, `npm run restore` and the Gitea mirror; parsed once by each main. */
export function loadBackupEnv(source: NodeJS.ProcessEnv = process.env) {
  return parseEnv(
    {
      paths: z.object({
        GITFORGE_DATA_DIR: optionalString,
        /** Where npm was run from (npm starts scripts in the repository root). */
        INIT_CWD: optionalString,
      }),
      database: z.object({
        DATABASE_URL: optionalUrl(),
        /** The embedded devdb's port, used when DATABASE_URL is unset (as `npm start` does). */
        DEVDB_PORT: port('DEVDB_PORT'),
      }),
      gitea: z.object({
        GITEA_URL: optionalUrl(),
        /** A Gitea site administrator's token (the mirror sees private repositories with it). */
        GITEA_BACKUP_TOKEN: optionalString,
      }),
    },
    source,
  );
}

export type BackupEnv = ReturnType<typeof loadBackupEnv>;
