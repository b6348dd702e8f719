#!/usr/bin/env node
// Fails when web/src/gql is stale: composes the supergraph and runs codegen into a temp dir,
// then compares every file with the committed one.
'use strict';
const { execFileSync } = require('node:child_process');
const { mkdtempSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');

const root = resolve(__dirname, '..', '..');
const committed = join(root, 'web', 'src', 'gql');
const temp = mkdtempSync(join(tmpdir(), 'gitforge-codegen-'));
try {
  const schema = join(temp, 'supergraph.graphql');
  execFileSync(process.execPath, [join(__dirname, 'printSupergraph.cjs'), schema], {
    stdio: 'inherit',
  });
  execFileSync('npx', ['graphql-codegen', '--config', 'codegen.ts', '--silent'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, CODEGEN_SCHEMA: schema, CODEGEN_OUT_DIR: `${temp}/` },
  });
  const names = new Set([...readdirSync(committed), ...readdirSync(temp)]);
  const stale = [...names].filter((name) => {
    const read = (dir) => {
      try {
        return readFileSync(join(dir, name), 'utf8');
      } catch {
        return undefined;
      }
    };
    return read(committed) !== read(temp);
  });
  if (stale.length > 0) {
    console.error(`web/src/gql is stale (${stale.join(', ')}): run \`npm run codegen\` and commit`);
    process.exitCode = 1;
  } else {
    console.log('web/src/gql is up to date');
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}
