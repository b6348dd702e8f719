import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { baseDir, named, renderOverlay, type K8sObject } from './support/manifests';
import { baseMetricName, expandGrafanaVariables, parsePromql } from './support/promql';
import { declaredMetricNames } from './support/serviceSources';
import { findContainerPort, podTemplate, podTemplates } from './support/workloads';

const monitoringDir = join(baseDir, 'monitoring');
const readYaml = (path: string): any => parse(readFileSync(join(monitoringDir, path), 'utf8'));

interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const config = readYaml('prometheus/prometheus.yml');
type RuleFile = { groups: { name: string; interval?: string; rules: Rule[] }[] };
const rules = readYaml('prometheus/gitforge.rules.yml') as RuleFile;
const sloRules = readYaml('prometheus/slo.rules.yml') as RuleFile;
const allRules = [...rules.groups, ...sloRules.groups].flatMap((g) => g.rules);
const dashboard = JSON.parse(
  readFileSync(join(monitoringDir, 'grafana/gitforge-dashboard.json'), 'utf8'),
);
const panels = (dashboard.panels as any[]).filter((p) => p.type !== 'row');
const dashboardExprs: string[] = panels.flatMap((p) => p.targets.map((t: any) => t.expr));

/** Metrics a rule or panel may use that no GitForge service declares. */
const externalMetrics = new Set(['up']);
const recorded = new Set(allRules.flatMap((r) => (r.record ? [r.record] : [])));
const duration = /^\d+[smhd]$/;

function unknownMetrics(exprs: string[]): string[] {
  const declared = declaredMetricNames();
  return exprs
    .flatMap((e) => parsePromql(e).metrics)
    .filter((m) => !externalMetrics.has(m) && !recorded.has(m) && !declared.has(baseMetricName(m)));
}

describe('Prometheus rules', () => {
  it('parses every expression with the PromQL grammar', () => {
    for (const rule of allRules) {
      expect([rule.record ?? rule.alert, parsePromql(rule.expr).errors]).toEqual([
        rule.record ?? rule.alert,
        [],
      ]);
    }
  });

  it('uses only metrics that the services declare (or rules record)', () => {
    expect(unknownMetrics(allRules.map((r) => r.expr))).toEqual([]);
  });

  it('alerts on error rate, p99 latency, an open circuit breaker and a replica down', () => {
    const alerts = new Map(allRules.flatMap((r) => (r.alert ? [[r.alert, r] as const] : [])));
    const metricsOf = (name: string) => {
      const rule = alerts.get(name)!;
      // Through recording rules down to the scraped series.
      const expand = (expr: string): string[] =>
        parsePromql(expr).metrics.flatMap((m) =>
          recorded.has(m) ? expand(allRules.find((r) => r.record === m)!.expr) : [m],
        );
      return expand(rule.expr);
    };
    expect(metricsOf('GitForgeHighErrorRate')).toContain('http_requests_total');
    expect(metricsOf('GitForgeHighLatencyP99')).toContain('http_request_duration_seconds_bucket');
    expect(metricsOf('GitForgeCircuitBreakerOpen')).toContain('circuit_breaker_state');
    expect(metricsOf('GitForgeReplicaDown')).toEqual(['up']);
    expect(metricsOf('GitForgeResilienceReplicaDown')).toContain('resilience_replicas_in_sync');
    const p99 = parsePromql(alerts.get('GitForgeHighLatencyP99')!.expr).metrics[0]!;
    expect(allRules.find((r) => r.record === p99)!.expr).toMatch(/^histogram_quantile\(0\.99,/);
  });

  it('gives every alert a severity, a summary and a valid `for`', () => {
    const names = new Set<string>();
    for (const rule of allRules.filter((r) => r.alert)) {
      expect(names.has(rule.alert!)).toBe(false);
      names.add(rule.alert!);
      expect(['info', 'warning', 'critical']).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary).toEqual(expect.any(String));
      if (rule.for !== undefined) expect(rule.for).toMatch(duration);
    }
    for (const group of [...rules.groups, ...sloRules.groups]) {
      if (group.interval !== undefined) expect(group.interval).toMatch(duration);
    }
  });

  it('names recording rules level:metric:operation', () => {
    for (const name of recorded) expect(name).toMatch(/^[a-z_]+:[a-z_]+:[a-z0-9_]+$/);
  });
});

describe('Prometheus scrape configuration', () => {
  const objects: K8sObject[] = renderOverlay('prod');
  const pods = podTemplates(objects);

  it('loads the rules file from where the Deployment mounts it', () => {
    const prometheus = podTemplate(pods, 'prometheus');
    const container = prometheus.spec.containers[0]!;
    const rulesMount = container.volumeMounts!.find((m) => m.name === 'rules')!;
    expect(config.rule_files).toEqual([`${rulesMount.mountPath}/*.yml`]);
    const volume = prometheus.spec.volumes.find((v: any) => v.name === 'rules');
    const configMap = named(objects, 'ConfigMap', volume.configMap.name);
    expect(Object.keys(configMap.data!).sort()).toEqual(['gitforge.rules.yml', 'slo.rules.yml']);
    expect(parse(configMap.data!['gitforge.rules.yml']!)).toEqual(rules);
    expect(parse(configMap.data!['slo.rules.yml']!)).toEqual(sloRules);
    const configFile = container.args!.find((a) => a.startsWith('--config.file='))!.split('=')[1];
    const configMount = container.volumeMounts!.find((m) => m.name === 'config')!;
    expect(configMount.mountPath).toBe(configFile);
  });

  it('discovers pods in its own namespace, with the RBAC to do it', () => {
    const job = config.scrape_configs.find((j: any) => j.job_name === 'gitforge');
    expect(job.kubernetes_sd_configs).toEqual([
      { role: 'pod', namespaces: { own_namespace: true } },
    ]);
    const role = named(objects, 'Role', 'prometheus');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
    ]);
    const binding = named(objects, 'RoleBinding', 'prometheus');
    expect(binding.subjects).toEqual([
      {
        kind: 'ServiceAccount',
        name: podTemplate(pods, 'prometheus').spec.serviceAccountName,
        namespace: 'gitforge',
      },
    ]);
  });

  it('finds every annotated pod on its port named http, with the path it serves metrics on', () => {
    const job = config.scrape_configs.find((j: any) => j.job_name === 'gitforge');
    const keepPortName = job.relabel_configs.find(
      (r: any) => r.source_labels[0] === '__meta_kubernetes_pod_container_port_name',
    );
    expect(keepPortName).toMatchObject({ action: 'keep', regex: 'http' });
    const scraped = pods.filter((p) => p.annotations['prometheus.io/scrape'] === 'true');
    expect(scraped.map((p) => p.name).sort()).toEqual(
      ['cockroachdb', 'gateway', 'git-proxy', 'gitea', 'issues', 'repository', 'resilience'].sort(),
    );
    for (const pod of scraped) {
      const port = findContainerPort(pod.spec.containers, 'http');
      expect([pod.name, String(port?.containerPort)]).toEqual([
        pod.name,
        pod.annotations['prometheus.io/port'],
      ]);
      expect(pod.annotations['prometheus.io/path']).toMatch(/^\//);
    }
  });
});

describe('Grafana dashboard', () => {
  const datasources = readYaml('grafana/datasources.yml');
  const providers = readYaml('grafana/dashboard-providers.yml');

  it('has unique panel ids and a layout inside 24 columns without overlaps', () => {
    const ids = (dashboard.panels as any[]).map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const cells = new Set<string>();
    for (const panel of dashboard.panels as any[]) {
      const { x, y, w, h } = panel.gridPos;
      expect(x + w).toBeLessThanOrEqual(24);
      for (let i = x; i < x + w; i++) {
        for (let j = y; j < y + h; j++) {
          expect([panel.title, cells.has(`${i},${j}`)]).toEqual([panel.title, false]);
          cells.add(`${i},${j}`);
        }
      }
    }
  });

  it('queries the provisioned Prometheus data source with valid PromQL', () => {
    const [source] = datasources.datasources;
    expect(source.url).toBe('http://prometheus:9090');
    for (const panel of panels) {
      expect([panel.title, panel.datasource]).toEqual([
        panel.title,
        { type: 'prometheus', uid: source.uid },
      ]);
      expect(panel.targets.length).toBeGreaterThan(0);
      for (const target of panel.targets) {
        const errors = parsePromql(expandGrafanaVariables(target.expr)).errors;
        expect([panel.title, target.expr, errors]).toEqual([panel.title, target.expr, []]);
      }
    }
  });

  it('charts only metrics that the services declare', () => {
    expect(unknownMetrics(dashboardExprs.map(expandGrafanaVariables))).toEqual([]);
  });

  it('covers the HTTP, federation, database, git, breaker and resilience metrics', () => {
    const used = new Set(
      dashboardExprs.flatMap((e) =>
        parsePromql(expandGrafanaVariables(e)).metrics.map(baseMetricName),
      ),
    );
    for (const metric of [
      'http_requests_total',
      'http_request_duration_seconds',
      'http_requests_in_flight',
      'database_connections',
      'subgraph_request_duration_seconds',
      'graphql_operations_total',
      'git_proxy_bytes_total',
      'git_proxy_operations_total',
      'circuit_breaker_state',
      'resilience_recovery_seconds',
      'resilience_acknowledged_writes_lost_total',
    ]) {
      expect([metric, used.has(metric)]).toEqual([metric, true]);
    }
  });

  it('is provisioned from the directory the Grafana Deployment mounts it in', () => {
    const objects = renderOverlay('prod');
    const grafana = podTemplate(podTemplates(objects), 'grafana');
    const mount = grafana.spec.containers[0]!.volumeMounts!.find((m) => m.name === 'dashboards')!;
    expect(providers.providers[0].options.path).toBe(mount.mountPath);
    const volume = grafana.spec.volumes.find((v: any) => v.name === 'dashboards');
    const configMap = named(objects, 'ConfigMap', volume.configMap.name);
    expect(JSON.parse(configMap.data!['gitforge-dashboard.json']!)).toEqual(dashboard);
  });
});
