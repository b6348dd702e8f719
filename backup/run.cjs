// `npm run backup|restore`: the TypeScript source in a checkout (always current), the build
// output where dev dependencies are pruned (the production image), so both work unchanged.
const { join } = require('node:path');

const [tool] = process.argv.splice(2, 1);
if (tool !== 'backup' && tool !== 'restore') {
  process.stderr.write('usage: node backup/run.cjs backup|restore ...\n');
  process.exit(2);
}
let fromSource = true;
try {
  require.resolve('@swc-node/register');
} catch {
  fromSource = false;
}
if (fromSource) {
  require('@swc-node/register');
  require(join(__dirname, 'src', `${tool}Main.ts`));
} else {
  require(join(__dirname, 'dist', `${tool}Main.js`));
}
