import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BareRepository } from '../src/git/BareRepository';
import { changedFiles, diffHunkAround, fileHunks, mapLine, mergeTree } from '../src/git/pullGit';
import { globMatch, isGlobRule } from '../src/services/BranchProtectionService';
import { git, tempDir } from './helpers';

describe('mapLine: where a commented line is after a push', () => {
  it('moves lines below insertions and deletions, and loses changed ones', () => {
    const hunks = [
      { oldStart: 0, oldCount: 0, newStart: 1, newCount: 2 }, // two lines added at the top
      { oldStart: 5, oldCount: 1, newStart: 7, newCount: 1 }, // line 5 changed
      { oldStart: 8, oldCount: 2, newStart: 9, newCount: 0 }, // lines 8-9 removed
    ];
    expect(mapLine(hunks, 1)).toBe(3);
    expect(mapLine(hunks, 4)).toBe(6);
    expect(mapLine(hunks, 5)).toBeUndefined();
    expect(mapLine(hunks, 7)).toBe(9);
    expect(mapLine(hunks, 8)).toBeUndefined();
    expect(mapLine(hunks, 9)).toBeUndefined();
    expect(mapLine(hunks, 10)).toBe(10);
    expect(mapLine([], 3)).toBe(3);
  });
});

describe('branch protection globs (Gitea: `*` within a segment, `**` across)', () => {
  it('matches rule names like Gitea', () => {
    expect(globMatch('release/*', 'release/1.0')).toBe(true);
    expect(globMatch('release/*', 'release/1.0/hotfix')).toBe(false);
    expect(globMatch('release/**', 'release/1.0/hotfix')).toBe(true);
    expect(globMatch('v?', 'v1')).toBe(true);
    expect(globMatch('main', 'main.x')).toBe(false);
    expect(isGlobRule('main')).toBe(false);
    expect(isGlobRule('release/*')).toBe(true);
  });
});

describe('pull request git helpers on a real repository', () => {
  let work: string;
  let repo: BareRepository;
  let base = '';
  let head = '';
  let other = '';

  beforeAll(async () => {
    work = await tempDir('githost-pullgit-');
    repo = await BareRepository.init(join(work, 'r.git'), 'main');
    const dir = join(work, 'w');
    await git(['clone', '-q', repo.gitDir, dir], work);
    const lines = Array.from({ length: 30 }, (_v, i) => `line ${i + 1}`).join('\n');
    await writeFile(join(dir, 'old-name.txt'), `${lines}\n`);
    await writeFile(join(dir, 'bin.dat'), Buffer.from([0, 1, 2, 3]));
    await writeFile(join(dir, 'conflict.txt'), 'base\n');
    await git(['add', '-A'], dir);
    await git(['commit', '-q', '-m', 'base'], dir);
    base = (await git(['rev-parse', 'HEAD'], dir)).stdout.trim();
    await git(['mv', 'old-name.txt', 'new-name.txt'], dir);
    await writeFile(join(dir, 'new-name.txt'), `${lines.replace('line 20', 'line twenty')}\n`);
    await writeFile(join(dir, 'bin.dat'), Buffer.from([0, 9, 9, 9]));
    await writeFile(join(dir, 'conflict.txt'), 'head\n');
    await git(['add', '-A'], dir);
    await git(['commit', '-q', '-m', 'head'], dir);
    head = (await git(['rev-parse', 'HEAD'], dir)).stdout.trim();
    await git(['checkout', '-q', '-b', 'other', base], dir);
    await writeFile(join(dir, 'conflict.txt'), 'other\n');
    await git(['commit', '-q', '-am', 'other'], dir);
    other = (await git(['rev-parse', 'HEAD'], dir)).stdout.trim();
    await git(['push', '-q', 'origin', `${head}:refs/heads/main`, 'other'], dir);
  });
  afterAll(async () => rm(work, { recursive: true, force: true }));

  it('lists renames, binary and changed files with Gitea status words', async () => {
    const files = await changedFiles(repo, base, head);
    expect(files).toEqual(
      expect.arrayContaining([
        {
          path: 'new-name.txt',
          previousPath: 'old-name.txt',
          status: 'renamed',
          additions: 1,
          deletions: 1,
          binary: false,
        },
        expect.objectContaining({ path: 'bin.dat', status: 'changed', binary: true }),
        expect.objectContaining({ path: 'conflict.txt', status: 'changed' }),
      ]),
    );
    expect(files).toHaveLength(3);
  });

  it('finds conflicts without touching refs, and cuts a diff hunk around a line', async () => {
    const clash = await mergeTree(repo, head, other);
    expect(clash).toMatchObject({ clean: false, conflicts: ['conflict.txt'] });
    expect((await repo.listRefs()).get('refs/heads/main')).toBe(head);
    const hunk = await diffHunkAround(repo, base, head, 'conflict.txt', 1);
    expect(hunk).toContain('@@ -1 +1 @@');
    expect(hunk.endsWith('+head')).toBe(true);
    expect(await fileHunks(repo, base, head, 'gone.txt')).toBeUndefined();
  });
});
