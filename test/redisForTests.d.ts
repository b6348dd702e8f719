/** See redisForTests.js (plain CommonJS: jest.config.js requires it). */
export function redisForTests(
  rootDir: string,
  options?: { local?: string; redisServer?: string },
): Promise<{ skip: string[] }>;
