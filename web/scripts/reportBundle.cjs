#!/usr/bin/env node
// Prints what the first page load costs: the entry chunk and what index.html preloads, raw and
// gzipped (the gateway serves them gzipped), then the lazy chunks. Run after `vite build`.
'use strict';
const { readFileSync, readdirSync } = require('node:fs');
const { join } = require('node:path');
const { gzipSync } = require('node:zlib');

const dist = join(__dirname, '..', 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map(
  (m) => m[1],
);
const size = (file) => {
  const body = readFileSync(join(dist, file));
  return { raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
};
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const rows = (files) =>
  files.map((file) => ({ file, ...size(file) })).sort((a, b) => b.gzip - a.gzip);

const first = rows(initial);
console.log('First load (entry chunk + preloads + CSS):');
for (const r of first)
  console.log(`  ${r.file.padEnd(44)} ${kb(r.raw).padStart(10)} ${kb(r.gzip).padStart(10)} gzip`);
const total = first.reduce((sum, r) => ({ raw: sum.raw + r.raw, gzip: sum.gzip + r.gzip }), {
  raw: 0,
  gzip: 0,
});
console.log(
  `  ${'total'.padEnd(44)} ${kb(total.raw).padStart(10)} ${kb(total.gzip).padStart(10)} gzip`,
);

const lazy = rows(
  readdirSync(join(dist, 'assets'))
    .map((name) => `assets/${name}`)
    .filter((file) => /\.(js|css)$/.test(file) && !initial.includes(file)),
);
console.log('Lazy chunks (largest 8; the playground pulls in Monaco):');
for (const r of lazy.slice(0, 8))
  console.log(`  ${r.file.padEnd(44)} ${kb(r.raw).padStart(10)} ${kb(r.gzip).padStart(10)} gzip`);
