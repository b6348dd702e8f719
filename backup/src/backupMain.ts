import { parseArgs } from 'node:util';
import { loadBackupEnv } from './env';
import { applyRetention } from './backupCatalog';
import { databaseUrlFor, defaultDataDir, fromCaller, reportFailure } from './cliSupport';
import { createBackup } from './createBackup';

const USAGE = `usage: npm run backup -- <dir> [--data-dir D] [--keep N] [--full | --previous <backup>] [--database-url URL]
  Backs up the running GitForge whose data dir is D (default $GITFORGE_DATA_DIR or .gitforge) into
  <dir>/gitforge-<time>/. Repositories whose refs did not move since the previous backup (default:
  the newest in <dir>) are hard-linked, not bundled again. --keep N deletes the oldest beyond N.
  The database: --database-url, else $DATABASE_URL, else the embedded devdb on $DEVDB_PORT.`;

async function main(): Promise<void> {
  const env = loadBackupEnv();
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      keep: { type: 'string' },
      full: { type: 'boolean', default: false },
      previous: { type: 'string' },
      'database-url': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || positionals.length !== 1) {
    process.stdout.write(`${USAGE}\n`);
    if (!values.help) process.exitCode = 2;
    return;
  }
  const keep = values.keep === undefined ? undefined : Number(values.keep);
  if (keep !== undefined && (!Number.isInteger(keep) || keep < 1)) {
    throw new Error(`--keep must be a whole number of at least 1, got ${values.keep}`);
  }
  const dir = fromCaller(env, positionals[0]!);
  const dataDir = values['data-dir'] ? fromCaller(env, values['data-dir']) : defaultDataDir(env);
  const { path, manifest } = await createBackup({
    dir,
    dataDir,
    databaseUrl: databaseUrlFor(env, dataDir, values['database-url']),
    previous: values.full ? null : values.previous ? fromCaller(env, values.previous) : undefined,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  const c = manifest.counters;
  process.stdout.write(
    `backup written: ${path}\n` +
      `  ${c.files} files, ${c.bytes} bytes in ${c.durationMs} ms; database: ${manifest.database.kind}; ` +
      `repositories: ${c.repositoriesBundled} bundled, ${c.repositoriesReused} unchanged (linked)\n`,
  );
  for (const note of manifest.notes) process.stdout.write(`  note: ${note}\n`);
  if (keep !== undefined) {
    const deleted = await applyRetention(dir, keep);
    for (const name of deleted)
      process.stdout.write(`  retention (--keep ${keep}): deleted ${name}\n`);
  }
}

main().catch((err: unknown) => reportFailure('backup', err));
