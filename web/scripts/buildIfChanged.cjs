// `npm start` (through `npm run build`) builds the web UI only when its inputs changed since
// the last build: a SHA-256 of every input file is kept in node_modules/.cache (not in dist,
// which the gateway serves as it is). Contents, not modification times: a checkout or a copy that touches
// files without changing them does not rebuild, and any real change does. `npm run build -w web`
// always builds. `--check` only says whether a build is needed (exit 1 when it is).
const { createHash } = require('node:crypto');
const { spawnSync } = require('node:child_process');
const {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} = require('node:fs');
const { join, relative } = require('node:path');

const webDir = join(__dirname, '..');
const rootDir = join(webDir, '..');
const stampDir = join(webDir, 'node_modules', '.cache', 'gitforge');
const stampFile = join(stampDir, 'web-build-inputs.sha256');

/** What `vite build` reads: sources, its config, and the installed dependencies' versions. */
const INPUTS = [
  'web/index.html',
  'web/src',
  'web/public',
  'web/vite.config.ts',
  'web/tsconfig.json',
  'web/package.json',
  'package-lock.json',
];

/** The files at `path`: itself, or every file below it; none when it does not exist. */
function files(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

function inputsHash() {
  const hash = createHash('sha256');
  const paths = INPUTS.flatMap((input) => files(join(rootDir, input)));
  for (const path of paths.sort()) {
    hash.update(relative(rootDir, path)).update('\0').update(readFileSync(path)).update('\0');
  }
  return hash.digest('hex');
}

function upToDate(hash) {
  if (!existsSync(join(webDir, 'dist', 'index.html')) || !existsSync(stampFile)) return false;
  return readFileSync(stampFile, 'utf8').trim() === hash;
}

const started = Date.now();
const hash = inputsHash();
if (upToDate(hash)) {
  console.log(`web/dist is up to date (inputs unchanged, checked in ${Date.now() - started} ms)`);
  process.exit(0);
}
if (process.argv.includes('--check')) {
  console.log('web/dist needs a build');
  process.exit(1);
}
const vitePackage = require.resolve('vite/package.json', { paths: [webDir] });
const viteBin = join(vitePackage, '..', require(vitePackage).bin.vite);
const build = spawnSync(process.execPath, [viteBin, 'build'], { cwd: webDir, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
mkdirSync(stampDir, { recursive: true });
writeFileSync(stampFile, `${hash}\n`);
