import { randomBytes } from 'node:crypto';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { updateRef, writeCommit } from '../git/writeCommit';
import type { RepositoryService } from './RepositoryService';
import type { UserService } from './UserService';

export const DEMO_LOGIN = 'demo';
export const DEMO_REPO = 'hello';

const README_V1 = `# hello

A demo repository served by GitForge's embedded git host.
`;

const README_V2 = `# hello

A demo repository served by GitForge's embedded git host.

Clone it, push to it as \`demo\`, and watch the commits appear in GitForge.
`;

const HELLO_JS = `'use strict';

function greet(name) {
  return \`Hello, \${name}!\`;
}

module.exports = { greet };
`;

const GREET_TEST = `const assert = require('node:assert');
const { greet } = require('../src/hello');

assert.strictEqual(greet('GitForge'), 'Hello, GitForge!');
`;

/**
 * On first start: the site administrator `demo` (password given, or generated) owning the public repository
 * `demo/hello` with a README and a short history, written with git plumbing. Returns the
 * password when the user was created by this call; the password also goes to `<githostDir>/demo-password`
 * (mode 600) so the supervisor can show it.
 */
export async function seedDemo(
  users: UserService,
  repos: RepositoryService,
  githostDir: string,
  password?: string,
): Promise<{ createdPassword?: string }> {
  let user = users.byLogin(DEMO_LOGIN);
  let createdPassword: string | undefined;
  if (!user) {
    createdPassword = password ?? randomBytes(12).toString('base64url');
    user = await users.createUser({
      login: DEMO_LOGIN,
      email: 'demo@gitforge.local',
      fullName: 'Demo User',
      password: createdPassword,
      isAdmin: true,
    });
    const file = join(githostDir, 'demo-password');
    await writeFile(file, `${createdPassword}\n`, { mode: 0o600 });
    await chmod(file, 0o600);
  } else if (user.isAdmin === undefined) {
    // A demo user from before githost knew site administrators: it is one, as when created now.
    user = await users.setAdmin(user, true);
  }
  // Checked separately so a start interrupted between the two steps still ends up complete.
  if (repos.exists(user, DEMO_REPO)) return { createdPassword };
  const repo = await repos.create(user, {
    name: DEMO_REPO,
    description: 'A demo repository with a few commits',
  });
  const git = repos.git(repo);
  const start = Math.floor(Date.now() / 1000) - 3 * 3600;
  const author = (hoursIn: number) => ({
    name: 'Demo User',
    email: user.email,
    date: `@${start + hoursIn * 3600} +0000`,
  });
  const history: { files: Record<string, string>; message: string }[] = [
    { files: { 'README.md': README_V1 }, message: 'Initial commit\n' },
    {
      files: { 'README.md': README_V1, 'src/hello.js': HELLO_JS },
      message: 'Add a greeting module\n',
    },
    {
      files: { 'README.md': README_V1, 'src/hello.js': HELLO_JS, 'test/hello.test.js': GREET_TEST },
      message: 'Test the greeting\n',
    },
    {
      files: { 'README.md': README_V2, 'src/hello.js': HELLO_JS, 'test/hello.test.js': GREET_TEST },
      message: 'Explain what the repository is for\n\nThe README now says how to use it.\n',
    },
  ];
  let parent: string | undefined;
  for (const [i, step] of history.entries()) {
    parent = await writeCommit(git, { ...step, author: author(i), parent });
  }
  if (parent) await updateRef(git, `refs/heads/${repo.defaultBranch}`, parent, '');
  await repos.recordPush(repo, []);
  return { createdPassword };
}
