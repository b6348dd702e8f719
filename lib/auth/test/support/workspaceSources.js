// Preload for `node -r`: resolves `@gitforge/<lib>` to lib/<lib>/src (as jest does), so a
// service's src/main.ts runs under @swc-node/register without building dist/ first.
const Module = require('node:module');
const { join } = require('node:path');

const root = join(__dirname, '..', '..', '..', '..');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const match = /^@gitforge\/([a-z-]+)$/.exec(request);
  if (match) return resolve.call(this, join(root, 'lib', match[1], 'src'), ...rest);
  return resolve.call(this, request, ...rest);
};
