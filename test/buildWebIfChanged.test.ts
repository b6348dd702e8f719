import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `npm start` builds the web UI only when an input changed (web/scripts/buildIfChanged.cjs).
 * A copy of the script in a scratch tree whose `vite` is a stub that records each build.
 */

let root: string;
const builds = () =>
  existsSync(join(root, 'builds.log')) ? readFileSync(join(root, 'builds.log'), 'utf8').length : 0;
const run = (...args: string[]) =>
  spawnSync(process.execPath, [join(root, 'web/scripts/buildIfChanged.cjs'), ...args], {
    encoding: 'utf8',
  });

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'gitforge-build-web-'));
  mkdirSync(join(root, 'web/scripts'), { recursive: true });
  mkdirSync(join(root, 'web/src/pages'), { recursive: true });
  copyFileSync(
    join(__dirname, '..', 'web/scripts/buildIfChanged.cjs'),
    join(root, 'web/scripts/buildIfChanged.cjs'),
  );
  writeFileSync(join(root, 'web/index.html'), '<div id="root"></div>');
  writeFileSync(join(root, 'web/src/pages/Home.tsx'), 'export const Home = 1;');
  writeFileSync(join(root, 'web/package.json'), '{}');
  writeFileSync(join(root, 'package-lock.json'), '{"lockfileVersion":3}');
  // A stand-in for vite: `vite build` writes dist/index.html and notes that it ran.
  const vite = join(root, 'node_modules/vite');
  mkdirSync(join(vite, 'bin'), { recursive: true });
  writeFileSync(join(vite, 'package.json'), '{"name":"vite","bin":{"vite":"bin/vite.js"}}');
  writeFileSync(
    join(vite, 'bin/vite.js'),
    `const fs = require('node:fs');
     fs.mkdirSync('dist', { recursive: true });
     fs.writeFileSync('dist/index.html', 'built');
     fs.appendFileSync(${JSON.stringify(join(root, 'builds.log'))}, 'x');`,
  );
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('building the web UI only when it changed', () => {
  it('builds the first time, then not again until an input really changes', () => {
    expect(run().status).toBe(0);
    expect(builds()).toBe(1);

    const again = run();
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('web/dist is up to date');
    expect(builds()).toBe(1);

    // Touched (as a checkout does) but unchanged: still up to date.
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(root, 'web/src/pages/Home.tsx'), later, later);
    expect(run().status).toBe(0);
    expect(builds()).toBe(1);

    writeFileSync(join(root, 'web/src/pages/Home.tsx'), 'export const Home = 2;');
    expect(run('--check').status).toBe(1);
    expect(run().status).toBe(0);
    expect(builds()).toBe(2);

    // The lockfile counts too (a dependency upgrade changes the bundle).
    writeFileSync(join(root, 'package-lock.json'), '{"lockfileVersion":3,"x":1}');
    expect(run().status).toBe(0);
    expect(builds()).toBe(3);
  });

  it('builds again when the bundle is gone', () => {
    expect(run().status).toBe(0);
    rmSync(join(root, 'web/dist'), { recursive: true });
    expect(run().status).toBe(0);
    expect(builds()).toBe(2);
    expect(readFileSync(join(root, 'web/dist/index.html'), 'utf8')).toBe('built');
  });
});
