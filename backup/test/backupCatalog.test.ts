import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyRetention, backupName, listBackups, PARTIAL_PREFIX } from '../src/backupCatalog';

const work = mkdtempSync(join(tmpdir(), 'gitforge-retention-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

it('keeps the newest N complete backups, and removes partial ones a day old', async () => {
  const names = [1, 2, 3, 4].map((day) => backupName(new Date(Date.UTC(2026, 11, day, 2, 30))));
  for (const name of names) {
    mkdirSync(join(work, name));
    writeFileSync(join(work, name, 'manifest.json'), '{}');
  }
  // Without a manifest it is not a backup: never counted, never deleted by retention.
  mkdirSync(join(work, backupName(new Date(Date.UTC(2026, 10, 1)))));
  const stale = `${PARTIAL_PREFIX}${backupName(new Date(Date.UTC(2026, 11, 5)))}`;
  const running = `${PARTIAL_PREFIX}${backupName(new Date())}`;
  mkdirSync(join(work, stale));
  mkdirSync(join(work, running));
  const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
  utimesSync(join(work, stale), twoDaysAgo, twoDaysAgo);

  expect(await listBackups(work)).toEqual(names);
  const deleted = await applyRetention(work, 2);
  expect(deleted.sort()).toEqual([stale, names[0], names[1]].sort());
  expect(await listBackups(work)).toEqual(names.slice(2));
  expect(readdirSync(work)).toContain(running);
});
