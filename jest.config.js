const { redisForTests } = require('./test/redisForTests');

const swc = [
  '@swc/jest',
  { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
];

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const project = (displayName, roots, skip) => ({
  displayName,
  roots,
  testPathIgnorePatterns: ['/node_modules/', ...skip.map((file) => `<rootDir>/${escape(file)}$`)],
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': swc },
  moduleNameMapper: { '^@gitforge/([a-z-]+)$': '<rootDir>/lib/$1/src' },
  testMatch: ['**/test/**/*.test.ts'],
});

/** @returns {Promise<import('jest').Config>} */
module.exports = async () => {
  // Test files that need Redis when none is available: left out, and the run says so.
  const { skip } = await redisForTests(__dirname);
  return config(skip);
};

const config = (skip) => ({
  globalSetup: '<rootDir>/test/globalSetup.ts',
  globalTeardown: '<rootDir>/test/globalTeardown.ts',
  testTimeout: 30_000,
  projects: [
    project('lib', ['<rootDir>/lib'], skip),
    project('issues', ['<rootDir>/subgraphs/issues'], skip),
    project('resilience', ['<rootDir>/subgraphs/resilience'], skip),
    project('repository', ['<rootDir>/subgraphs/repository'], skip),
    project('gateway', ['<rootDir>/gateway'], skip),
    project('supervisor', ['<rootDir>/supervisor'], skip),
    project('githost', ['<rootDir>/githost'], skip),
    project('git-proxy', ['<rootDir>/git-proxy'], skip),
    project('infra', ['<rootDir>/infra'], skip),
    project('backup', ['<rootDir>/backup'], skip),
    project('bench', ['<rootDir>/bench'], skip),
    project('platform', ['<rootDir>/test'], skip),
  ],
});
