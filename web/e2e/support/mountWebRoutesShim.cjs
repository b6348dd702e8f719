'use strict';
// Test-only preload (NODE_OPTIONS=--require) for running the browser tests against a gateway
// build that does not mount `@gitforge/web/server` yet: it appends webRoutes() to the gateway's
// routes, exactly what the mount in gateway/src/createGateway.ts does. Used only when
// GITFORGE_E2E_MOUNT_SHIM=1; other processes are untouched (they are not named "gateway").
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..', '..');
const serverModule = require(path.join(root, 'lib', 'server', 'dist', 'startServiceServer.js'));
const { webRoutes } = require(path.join(root, 'web', 'server', 'staticRoutes.cjs'));
const original = serverModule.startServiceServer;

serverModule.startServiceServer = async function startServiceServer(options) {
  if (options.service !== 'gateway') return original(options);
  let url = '';
  const subgraphs = (process.env.SUBGRAPH_URLS ?? '')
    .split(',')
    .filter(Boolean)
    .map((entry) => {
      const [name, target] = entry.split('=');
      return { name, url: new URL(target).origin };
    });
  const gitProxy = process.env.GIT_PROXY_PORT
    ? [{ name: 'git-proxy', url: `http://127.0.0.1:${process.env.GIT_PROXY_PORT}` }]
    : [];
  const routes = webRoutes({
    statusServices: () => [{ name: 'gateway', url }, ...subgraphs, ...gitProxy],
  });
  const server = await original({ ...options, routes: [...options.routes, ...routes] });
  url = server.url;
  return server;
};
