// CPU per request of one subgraph process, fast path on vs off (Apollo Server only), rounds
// interleaved. The subgraph runs here; autocannon runs in a child process, so this process's
// CPU (process.cpuUsage) is the subgraph's alone. Run after `npx tsc -b tsconfig.build.json`:
//   node lib/server/bench/subgraphFastPathCpu.mjs [--requests 4000] [--rounds 5] [--connections 10]
// The operations have the shapes the bench's nested query sends to the subgraphs: a 20-node
// list (issues) and `_entities` with 20 representations (repository).
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import pino from 'pino';
import { HealthChecks } from '@gitforge/health';
import { createMetrics } from '@gitforge/metrics';
import { graphqlRoute, startServiceServer, startSubgraphApollo } from '@gitforge/server';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '4000' },
    rounds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
  },
});
const requests = Number(values.requests);

const issues = Array.from({ length: 20 }, (_, i) => ({
  id: `I${i}`,
  number: i + 1,
  title: `Issue ${i}`,
  state: i % 2 ? 'OPEN' : 'CLOSED',
  createdAt: '2026-12-07T10:00:00Z',
  commentCount: i,
  labels: [{ name: 'bug', color: 'red' }],
  author: { login: `user${i % 5}` },
  repository: { fullName: 'alice/demo' },
}));
const schema = buildSubgraphSchema({
  typeDefs: parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
    type Label { name: String! color: String! }
    type User @key(fields: "login") { login: String! fullName: String! avatarUrl: String }
    type Repository @key(fields: "fullName") {
      fullName: String! description: String defaultBranch: String private: Boolean! owner: User!
    }
    type Issue @key(fields: "id") {
      id: ID! number: Int! title: String! state: String! createdAt: String! commentCount: Int!
      labels: [Label!]! author: User repository: Repository!
    }
    type IssueConnection { totalCount: Int! nodes: [Issue!]! }
    type Query { issues(repository: String!, first: Int!): IssueConnection! }
  `),
  resolvers: {
    Query: {
      issues: async (_, { first }) => ({ totalCount: 20, nodes: issues.slice(0, first) }),
    },
    Repository: {
      __resolveReference: async (ref) => ({
        fullName: ref.fullName,
        description: 'demo',
        defaultBranch: 'main',
        private: false,
        owner: { login: ref.fullName.split('/')[0] },
      }),
    },
    User: {
      __resolveReference: (ref) => ref,
      fullName: (user) => user.login.toUpperCase(),
      avatarUrl: (user) => `https://example.com/${user.login}.png`,
    },
  },
});

const operations = {
  issues: {
    query: `query BenchNested__issues__0($repository:String!){issues(repository:$repository first:20){totalCount nodes{__typename id number title state createdAt commentCount labels{name color}author{__typename login}repository{__typename fullName}}}}`,
    variables: { repository: 'alice/demo' },
    operationName: 'BenchNested__issues__0',
  },
  entities: {
    query: `query BenchNested__repository__1($representations:[_Any!]!){_entities(representations:$representations){...on User{fullName avatarUrl}...on Repository{fullName description defaultBranch private owner{login fullName}}}}`,
    variables: {
      representations: issues.flatMap((issue) => [
        { __typename: 'User', login: issue.author.login },
        { __typename: 'Repository', fullName: issue.repository.fullName },
      ]),
    },
    operationName: 'BenchNested__repository__1',
  },
};

const logger = pino({ level: 'silent' });
const apollo = await startSubgraphApollo(schema, logger, { introspection: false });
const jitApollo = await startSubgraphApollo(schema, logger, {
  introspection: false,
  fastPathExecutor: 'graphql-jit',
});
const start = (fastPath, server = apollo) =>
  startServiceServer({
    service: 'bench',
    port: 0,
    logger,
    metrics: createMetrics('bench'),
    health: new HealthChecks(),
    accessLog: { mode: 'errors-and-slow', slowMs: 1000 },
    routes: [graphqlRoute(server, { fastPath, context: async () => ({}) })],
  });
const servers = {
  apollo: await start(false),
  fast: await start(true),
  jit: await start(true, jitApollo),
};
const sides = Object.keys(servers);

/** One round of `requests` requests from a child process; this process only serves meanwhile. */
function load(url, body) {
  return new Promise((resolve, reject) => {
    const child = spawnAutocannon(url, body);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`autocannon ${code}`))));
  });
}
function spawnAutocannon(url, body) {
  return spawn(
    new URL('../../../node_modules/.bin/autocannon', import.meta.url).pathname,
    [
      '-c',
      values.connections,
      '-a',
      String(requests),
      '-m',
      'POST',
      '-H',
      'content-type=application/json',
      '-b',
      JSON.stringify(body),
      '--json',
      `${url}/graphql`,
    ],
    { stdio: ['ignore', 'ignore', 'ignore'] },
  );
}

// Both sides give the same answer, without errors, before anything is measured.
for (const [name, body] of Object.entries(operations)) {
  const answers = await Promise.all(
    Object.values(servers).map(async (server) => {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return `${response.status} ${await response.text()}`;
    }),
  );
  if (answers.some((a) => a !== answers[0]) || !answers[0].startsWith('200 {"data"')) {
    throw new Error(`${name}: answers differ or fail: ${answers.join(' | ').slice(0, 500)}`);
  }
}

const results = Object.fromEntries(
  Object.keys(operations).map((name) => [name, Object.fromEntries(sides.map((s) => [s, []]))]),
);
console.log(
  `load average at start: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
for (const [name, body] of Object.entries(operations)) {
  // Warm-up: JIT and the document caches.
  for (const side of sides) await load(servers[side].url, body);
  for (let round = 0; round < Number(values.rounds); round++) {
    // Each round in another order.
    for (const side of [...sides.slice(round % 3), ...sides.slice(0, round % 3)]) {
      const before = process.cpuUsage();
      await load(servers[side].url, body);
      const used = process.cpuUsage(before);
      results[name][side].push((used.user + used.system) / 1000 / requests);
    }
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `load average at end: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const cell = (xs) => `${median(xs).toFixed(3)} (${xs.map((x) => x.toFixed(3)).join(', ')})`;
console.log(
  '| operation | Apollo Server ms CPU/req | fast path, graphql-js | fast path, graphql-jit | graphql-js ÷ Apollo | graphql-jit ÷ Apollo |',
);
console.log('|---|---|---|---|---|---|');
for (const [name, r] of Object.entries(results)) {
  const a = median(r.apollo);
  console.log(
    `| ${name} | ${cell(r.apollo)} | ${cell(r.fast)} | ${cell(r.jit)} | ${(median(r.fast) / a).toFixed(2)} | ${(median(r.jit) / a).toFixed(2)} |`,
  );
}
for (const server of Object.values(servers)) await server.close();
await apollo.stop();
await jitApollo.stop();
