import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { baseDir } from './support/manifests';

/**
 * The alert and SLO rules, checked and unit-tested by Prometheus's own `promtool` (Debian's
 * `prometheus` package; `.ci/run` installs it). Without promtool this fails: untested rules are
 * not "passing".
 */
const run = promisify(execFile);
const rulesDir = join(baseDir, 'monitoring', 'prometheus');
const ruleFiles = readdirSync(rulesDir).filter((f) => f.endsWith('.rules.yml'));
const testFiles = readdirSync(join(rulesDir, 'tests')).filter((f) => f.endsWith('.test.yml'));

async function promtool(args: string[], cwd: string): Promise<string> {
  try {
    const { stdout, stderr } = await run('promtool', args, { cwd });
    return stdout + stderr;
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (e.code === 'ENOENT') {
      throw new Error('promtool is not installed (apt-get install prometheus)', { cause: err });
    }
    throw new Error(`promtool ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`, {
      cause: err,
    });
  }
}

describe('promtool', () => {
  it('finds the rule files and a unit test for each', () => {
    expect(ruleFiles.sort()).toEqual(['gitforge.rules.yml', 'slo.rules.yml']);
    expect(testFiles.sort()).toEqual(['gitforge.test.yml', 'slo.test.yml']);
  });

  it('checks every rule file', async () => {
    const out = await promtool(['check', 'rules', ...ruleFiles], rulesDir);
    expect(out.match(/SUCCESS/g)).toHaveLength(ruleFiles.length);
  });

  it.each(testFiles)('passes the rule unit tests of %s', async (file) => {
    const out = await promtool(['test', 'rules', file], join(rulesDir, 'tests'));
    expect(out).toMatch(/SUCCESS/);
    expect(out).not.toMatch(/FAILED/);
  });
});
