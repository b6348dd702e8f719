/** @type {import('jest').Config} */
const swc = [
  '@swc/jest',
  { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
];

const project = (displayName, roots) => ({
  displayName,
  roots,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': swc },
  moduleNameMapper: { '^@gitforge/([a-z-]+)$': '<rootDir>/lib/$1/src' },
  testMatch: ['**/test/**/*.test.ts'],
});

module.exports = {
  globalSetup: '<rootDir>/test/globalSetup.ts',
  globalTeardown: '<rootDir>/test/globalTeardown.ts',
  testTimeout: 30_000,
  projects: [
    project('lib', ['<rootDir>/lib']),
    project('issues', ['<rootDir>/subgraphs/issues']),
    project('resilience', ['<rootDir>/subgraphs/resilience']),
    project('repository', ['<rootDir>/subgraphs/repository']),
    project('gateway', ['<rootDir>/gateway']),
    project('supervisor', ['<rootDir>/supervisor']),
    project('githost', ['<rootDir>/githost']),
    project('git-proxy', ['<rootDir>/git-proxy']),
    project('infra', ['<rootDir>/infra']),
    project('bench', ['<rootDir>/bench']),
    project('platform', ['<rootDir>/test']),
  ],
};
