import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { holdPortAgainstRestarts, release } from './support/holdPort';
import {
  eventually,
  freePort,
  freePorts,
  newDataDir,
  readPid,
  root,
  startSupervisor,
  stopSupervisor,
  tail,
  type RunningSupervisor,
} from './support/platform';

/**
 * The alert rules evaluated for real: Debian's Prometheus scrapes the running `npm start`
 * platform, githost is SIGKILLed and kept down, and GitForgeServiceDown goes to firing through
 * Prometheus's API, then resolves once the supervisor's restart serves again; Debian's
 * Alertmanager, with infra's routing, posts both to the pager webhook. The rules and the routing
 * are infra's own files; only their durations are shortened (`for:` 1 m → 2 s, group waits and
 * intervals → 1 s) and the webhook URLs point at this test, so it takes seconds.
 */

jest.setTimeout(5 * 60_000);

const MONITORING = join(root, 'infra/k8s/base/monitoring');
const RULES = join(MONITORING, 'prometheus/gitforge.rules.yml');
const ROUTING = join(MONITORING, 'alertmanager/alertmanager.yml');
const WEBHOOK_TOKEN = 'alerts-e2e-webhook-token';
const SERVICES: Record<string, string> = {
  gateway: 'GATEWAY_PORT',
  issues: 'ISSUES_PORT',
  repository: 'REPOSITORY_PORT',
  resilience: 'RESILIENCE_PORT',
  'git-proxy': 'GIT_PROXY_PORT',
  githost: 'GITHOST_PORT',
};

interface Alert {
  labels: Record<string, string>;
  state: 'pending' | 'firing';
}

interface Notification {
  path: string;
  authorization: string | undefined;
  body: { status: string; alerts: { status: string; labels: Record<string, string> }[] };
}

const work = mkdtempSync(join(tmpdir(), 'gitforge-alerts-e2e-'));
const notifications: Notification[] = [];
let webhooks: Server;
let alertmanager: ChildProcess;
let supervisor: RunningSupervisor;
let dataDir: string;
let ports: Record<string, string>;
let prometheus: ChildProcess;
let log = '';
let api: string;

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(`${api}${path}`);
  const body = (await res.json()) as { status: string; data: T };
  if (body.status !== 'success') throw new Error(`${path}: ${JSON.stringify(body)}`);
  return body.data;
}

/** Starts a Debian monitoring binary with its output kept for failure messages. */
function startBinary(command: string, args: string[]): ChildProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (c: Buffer) => (log += c.toString()));
  child.stderr.on('data', (c: Buffer) => (log += c.toString()));
  child.once('error', (err) => (log += `\n${command}: ${String(err)}`));
  return child;
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function ready(url: string): Promise<void> {
  await eventually(`${url} ready`, async () => {
    const res = await fetch(url).catch(() => undefined);
    return res?.ok ? true : undefined;
  }).catch((err: Error) => {
    throw new Error(`${err.message}\n${tail(log)}`);
  });
}

async function startWebhooks(): Promise<number> {
  webhooks = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      notifications.push({
        path: req.url ?? '',
        authorization: req.headers.authorization,
        body: JSON.parse(body) as Notification['body'],
      });
      res.end();
    });
  });
  await new Promise<void>((resolve) => webhooks.listen(0, '127.0.0.1', resolve));
  return (webhooks.address() as { port: number }).port;
}

const gatewayOrigin = () => new URL(supervisor.graphqlUrl).origin;

const alerts = () => getJson<{ alerts: Alert[] }>('/api/v1/alerts').then((d) => d.alerts);
const serviceDown = (list: Alert[]) =>
  list.filter((a) => a.labels.alertname === 'GitForgeServiceDown');

beforeAll(async () => {
  dataDir = newDataDir();
  ports = await freePorts();
  const taken = new Set(Object.values(ports).map(Number));
  const port = await freePort(taken);
  taken.add(port);
  const alertmanagerPort = await freePort(taken);
  api = `http://127.0.0.1:${port}`;
  supervisor = await startSupervisor({
    ...process.env,
    ...ports,
    GITFORGE_DATA_DIR: dataDir,
    DATABASE_URL: process.env.DATABASE_URL,
    // The status page reads its firing alerts from this test's Prometheus.
    PROMETHEUS_URL: api,
  });

  const rules = readFileSync(RULES, 'utf8').replace(/^(\s+for:) \S+$/gm, '$1 2s');
  writeFileSync(join(work, 'gitforge.rules.yml'), rules);
  const scrape = Object.entries(SERVICES).map(([app, port]) => ({
    targets: [`127.0.0.1:${ports[port]}`],
    labels: { app },
  }));
  const hookPort = await startWebhooks();
  writeFileSync(join(work, 'webhook-token'), WEBHOOK_TOKEN);
  const routing = readFileSync(ROUTING, 'utf8')
    .replace(/https:\/\/alerts\.example\.com/g, `http://127.0.0.1:${hookPort}`)
    .replace('/etc/alertmanager/secrets/webhook-token', join(work, 'webhook-token'))
    .replace(/^(\s+group_(wait|interval):) \S+$/gm, '$1 1s');
  writeFileSync(join(work, 'alertmanager.yml'), routing);
  alertmanager = startBinary('prometheus-alertmanager', [
    `--config.file=${join(work, 'alertmanager.yml')}`,
    `--storage.path=${join(work, 'alertmanager')}`,
    `--web.listen-address=127.0.0.1:${alertmanagerPort}`,
    '--cluster.listen-address=',
  ]);
  await ready(`http://127.0.0.1:${alertmanagerPort}/-/ready`);

  writeFileSync(
    join(work, 'prometheus.yml'),
    JSON.stringify({
      global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
      rule_files: [join(work, 'gitforge.rules.yml')],
      alerting: {
        alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${alertmanagerPort}`] }] }],
      },
      scrape_configs: [{ job_name: 'gitforge', static_configs: scrape }],
    }),
  );
  prometheus = startBinary('prometheus', [
    `--config.file=${join(work, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(work, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
  ]);
  await ready(`${api}/-/ready`);
});

afterAll(async () => {
  await Promise.all([stop(prometheus), stop(alertmanager)]);
  await new Promise((resolve) => webhooks?.close(resolve));
  if (supervisor) await stopSupervisor(supervisor);
  rmSync(work, { recursive: true, force: true });
});

it('scrapes every service of the running platform, and nothing is down', async () => {
  const targets = await eventually('every target scraped and up', async () => {
    const data = await getJson<{ activeTargets: { labels: { app: string }; health: string }[] }>(
      '/api/v1/targets',
    );
    const up = data.activeTargets.filter((t) => t.health === 'up');
    return up.length === Object.keys(SERVICES).length ? data.activeTargets : undefined;
  });
  expect(targets.map((t) => t.labels.app).sort()).toEqual(Object.keys(SERVICES).sort());
  const loaded = await getJson<{ groups: { rules: { name: string }[] }[] }>('/api/v1/rules');
  expect(loaded.groups.flatMap((g) => g.rules.map((r) => r.name))).toContain('GitForgeServiceDown');
  expect(serviceDown(await alerts())).toEqual([]);
  const status = (await (await fetch(`${gatewayOrigin()}/api/status`)).json()) as {
    alerts?: { ok: boolean; firing: { name: string }[] };
  };
  expect(status.alerts?.ok).toBe(true);
  expect(status.alerts?.firing.map((a) => a.name)).not.toContain('GitForgeServiceDown');
});

it('fires GitForgeServiceDown for githost while it is down, and resolves after the restart', async () => {
  const githost = readPid(dataDir, 'githost')!;
  process.kill(githost, 'SIGKILL');
  const blocker = await holdPortAgainstRestarts(Number(ports.GITHOST_PORT), dataDir, 'githost');

  const firing = await eventually('GitForgeServiceDown firing for githost', async () => {
    const down = serviceDown(await alerts());
    return down.some((a) => a.state === 'firing') ? down : undefined;
  });
  expect(firing).toEqual([
    expect.objectContaining({
      state: 'firing',
      labels: { alertname: 'GitForgeServiceDown', app: 'githost', severity: 'critical' },
    }),
  ]);

  const paged = await eventually('the pager webhook notified of the firing alert', async () =>
    notifications.find((n) => n.body.status === 'firing'),
  );
  expect(paged.path).toBe('/gitforge/pager');
  expect(paged.authorization).toBe(`Bearer ${WEBHOOK_TOKEN}`);
  expect(paged.body.alerts.map((a) => a.labels.alertname)).toEqual(['GitForgeServiceDown']);
  expect(paged.body.alerts[0]!.labels.app).toBe('githost');
  // The UI's status page (GET /api/status through the gateway) shows it too.
  const status = (await (await fetch(`${gatewayOrigin()}/api/status`)).json()) as {
    alerts?: { ok: boolean; firing: { name: string; severity: string; summary: string }[] };
  };
  expect(status.alerts?.ok).toBe(true);
  // Most severe first: the service alert leads (its replica alert may be firing beside it).
  expect(status.alerts?.firing[0]).toEqual(
    expect.objectContaining({
      name: 'GitForgeServiceDown',
      severity: 'critical',
      summary: 'Every githost replica is down',
    }),
  );

  await release(blocker);
  await eventually('GitForgeServiceDown resolved once githost is back', async () => {
    const up = await getJson<{ result: { value: [number, string] }[] }>(
      `/api/v1/query?query=${encodeURIComponent('up{app="githost"}')}`,
    );
    const down = serviceDown(await alerts());
    return up.result[0]?.value[1] === '1' && down.length === 0 ? true : undefined;
  });
  expect(readPid(dataDir, 'githost')).not.toBe(githost);
  const resolved = await eventually('the pager webhook notified of the resolution', async () =>
    notifications.find((n) => n.body.status === 'resolved'),
  );
  expect(resolved.path).toBe('/gitforge/pager');
  expect(resolved.body.alerts[0]!.labels).toMatchObject({ alertname: 'GitForgeServiceDown' });
  // Only githost was down: nothing else paged, and at most its replica alert (which the service
  // alert inhibits once both are firing) reached the ticket receiver.
  const others = notifications
    .flatMap((n) => n.body.alerts.map((a) => `${n.path} ${a.labels.alertname} ${a.labels.app}`))
    .filter((line) => line !== '/gitforge/pager GitForgeServiceDown githost');
  expect(others.filter((line) => line !== '/gitforge/tickets GitForgeReplicaDown githost')).toEqual(
    [],
  );
});
