import { parseArgs } from 'node:util';
import { loadBackupEnv } from './env';
import { databaseUrlForRestore, fromCaller, reportFailure } from './cliSupport';
import { platformVersion } from './platformVersion';
import { restoreBackup } from './restoreBackup';
import { verifyBackup } from './verifyBackup';

const USAGE = `usage: npm run restore -- <backup> --data-dir D [--force] [--database-url URL]
       npm run restore -- <backup> --verify-only
  Verifies every checksum of <backup> (a gitforge-<time> directory), then restores it into the
  data dir D (which must be empty unless --force) and the database (--database-url, else
  $DATABASE_URL, which must be empty unless --force; unset: the embedded database of D).
  Stop GitForge first. Rolling back = restoring an earlier backup with --force.`;

async function main(): Promise<void> {
  const env = loadBackupEnv();
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      force: { type: 'boolean', default: false },
      'database-url': { type: 'string' },
      'verify-only': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values['verify-only'] && positionals.length === 1) {
    const manifest = await verifyBackup(fromCaller(env, positionals[0]!));
    process.stdout.write(
      `backup verified: ${manifest.files.length} files, every SHA-256 matches\n`,
    );
    return;
  }
  if (values.help || positionals.length !== 1 || !values['data-dir']) {
    process.stdout.write(`${USAGE}\n`);
    if (!values.help) process.exitCode = 2;
    return;
  }
  const result = await restoreBackup({
    backup: fromCaller(env, positionals[0]!),
    dataDir: fromCaller(env, values['data-dir']),
    databaseUrl: databaseUrlForRestore(env, values['database-url']),
    force: values.force,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  const running = await platformVersion();
  if (running.version !== result.platform.version) {
    process.stdout.write(
      `warning: the backup was taken by ${result.platform.name} ${result.platform.version}, this is ${running.version}: ` +
        'the services migrate the database forward when they start; going back needs the older version\n',
    );
  }
  process.stdout.write(
    `restored backup of ${result.startedAt} (${result.platform.name} ${result.platform.version}) in ${result.restoreMs} ms\n`,
  );
}

main().catch((err: unknown) => reportFailure('restore', err));
