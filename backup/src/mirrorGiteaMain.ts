import { parseArgs } from 'node:util';
import { loadBackupEnv } from './env';
import { fromCaller, reportFailure } from './cliSupport';
import { mirrorGitea } from './mirrorGitea';

const USAGE = `usage: node backup/dist/mirrorGiteaMain.js <dir>
  Mirrors every repository of the Gitea at $GITEA_URL into <dir>/repositories (incremental:
  later runs fetch what changed), checks each with git fsck, and lists every ref in
  <dir>/repositories.json. $GITEA_BACKUP_TOKEN: a Gitea site administrator's token.`;

async function main(): Promise<void> {
  const env = loadBackupEnv();
  const { positionals } = parseArgs({ allowPositionals: true, options: {} });
  const giteaUrl = env.gitea.GITEA_URL;
  const token = env.gitea.GITEA_BACKUP_TOKEN;
  if (positionals.length !== 1 || !giteaUrl || !token) {
    process.stdout.write(`${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const mirrored = await mirrorGitea({
    dir: fromCaller(env, positionals[0]!),
    giteaUrl,
    token,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  const changed = mirrored.filter((r) => r.changed).length;
  process.stdout.write(`mirrored ${mirrored.length} repositories (${changed} changed)\n`);
}

main().catch((err: unknown) => reportFailure('repository mirror', err));
