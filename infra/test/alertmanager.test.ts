import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { baseDir } from './support/manifests';

/**
 * Alertmanager's routing, checked by its own `amtool` (Debian's `prometheus-alertmanager`;
 * `.ci/run` installs it): the configuration is valid, every severity the rules use reaches the
 * receiver meant for it, and the inhibitions name alerts that exist.
 */
const run = promisify(execFile);
const monitoring = join(baseDir, 'monitoring');
const config = join(monitoring, 'alertmanager', 'alertmanager.yml');

async function amtool(args: string[]): Promise<string> {
  try {
    return (await run('amtool', args)).stdout.trim();
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (e.code === 'ENOENT') {
      throw new Error('amtool is not installed (apt-get install prometheus-alertmanager)', {
        cause: err,
      });
    }
    throw new Error(`amtool ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`, {
      cause: err,
    });
  }
}

const route = (...labels: string[]) =>
  amtool(['config', 'routes', 'test', `--config.file=${config}`, ...labels]);

type Rules = { groups: { rules: { alert?: string; labels?: { severity?: string } }[] }[] };
const alertRules = ['gitforge.rules.yml', 'slo.rules.yml'].flatMap((file) =>
  (parse(readFileSync(join(monitoring, 'prometheus', file), 'utf8')) as Rules).groups
    .flatMap((g) => g.rules)
    .filter((r) => r.alert),
);

describe('Alertmanager', () => {
  it('accepts the configuration', async () => {
    expect(await amtool(['check-config', config])).toMatch(/SUCCESS/);
  });

  it.each([
    ['critical', 'pager'],
    ['warning', 'tickets'],
    ['info', 'research'],
  ])('routes severity %s to %s', async (severity, receiver) => {
    expect(await route(`severity=${severity}`, 'alertname=GitForgeServiceDown')).toBe(receiver);
  });

  it('routes every alert of the rules by its severity', async () => {
    const expected: Record<string, string> = {
      critical: 'pager',
      warning: 'tickets',
      info: 'research',
    };
    expect(alertRules.length).toBeGreaterThan(10);
    for (const rule of alertRules) {
      const severity = rule.labels!.severity!;
      expect([rule.alert, await route(`alertname=${rule.alert}`, `severity=${severity}`)]).toEqual([
        rule.alert,
        expected[severity],
      ]);
    }
  });

  it('inhibits only alerts that exist', () => {
    const names = new Set(alertRules.map((r) => r.alert));
    const am = parse(readFileSync(config, 'utf8')) as {
      inhibit_rules: { source_matchers: string[]; target_matchers: string[] }[];
    };
    const named = am.inhibit_rules.flatMap((r) => [...r.source_matchers, ...r.target_matchers]);
    expect(named.length).toBeGreaterThan(0);
    for (const matcher of named) {
      expect(names.has(/^alertname="(.+)"$/.exec(matcher)?.[1])).toBe(true);
    }
  });
});
