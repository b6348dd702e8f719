import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  infraDir,
  named,
  ofKind,
  renderOverlay,
  repoRoot,
  type K8sObject,
} from './support/manifests';
import { allContainers, podTemplate, podTemplates, type PodTemplate } from './support/workloads';
import { nodeServices } from './support/serviceSources';

const shellOf = (pod: PodTemplate): string => pod.spec.containers[0]!.command!.join(' ');

describe('dev overlay', () => {
  let objects: K8sObject[];
  let pods: PodTemplate[];

  beforeAll(() => {
    objects = renderOverlay('dev');
    pods = podTemplates(objects);
  });

  it('runs one replica of everything, without autoscaler or disruption budgets', () => {
    for (const pod of pods.filter((p) => ['Deployment', 'StatefulSet'].includes(p.kind))) {
      expect([pod.name, pod.replicas]).toEqual([pod.name, 1]);
    }
    expect(ofKind(objects, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(ofKind(objects, 'PodDisruptionBudget')).toEqual([]);
  });

  it('runs CockroachDB as one insecure node, probed and scraped over plain HTTP', () => {
    const cockroach = podTemplate(pods, 'cockroachdb');
    expect(shellOf(cockroach)).toContain('cockroach start-single-node --insecure');
    expect(shellOf(cockroach)).not.toContain('--certs-dir');
    expect(cockroach.spec.initContainers ?? []).toEqual([]);
    expect(cockroach.spec.volumes ?? []).toEqual([]);
    const container = cockroach.spec.containers[0]!;
    expect(container.readinessProbe?.httpGet?.scheme).toBe('HTTP');
    expect(container.livenessProbe?.httpGet?.scheme).toBe('HTTP');
    expect(cockroach.annotations['prometheus.io/scheme']).toBe('http');
    const init = podTemplate(pods, 'cockroachdb-init');
    expect(shellOf(init)).toContain('--insecure');
    expect(shellOf(init)).toContain('CREATE DATABASE IF NOT EXISTS gitforge');
  });

  it('connects to that node without TLS, to the database the init job creates', () => {
    const secret = ofKind(objects, 'Secret').find((s) =>
      s.metadata.name.startsWith('gitforge-secrets'),
    )!;
    const url = new URL(Buffer.from(secret.data!['database-url']!, 'base64').toString('utf8'));
    expect(url.hostname).toBe('cockroachdb-public');
    expect(url.pathname).toBe('/gitforge');
    expect(url.searchParams.get('sslmode')).toBe('disable');
  });

  it('uses smaller requests than prod and the locally built image', () => {
    const prod = podTemplates(renderOverlay('prod'));
    for (const { deployment } of nodeServices) {
      const dev = podTemplate(pods, deployment).spec.containers[0]!;
      const big = podTemplate(prod, deployment).spec.containers[0]!;
      expect(dev.resources).not.toEqual(big.resources);
      expect(dev.image).toBe('ghcr.io/gitforge/gitforge:dev');
    }
  });

  it('serves on a localhost name without TLS', () => {
    for (const ingress of ofKind(objects, 'Ingress')) {
      expect(ingress.spec.rules[0].host).toBe('gitforge.localtest.me');
      expect(ingress.spec.tls).toBeUndefined();
    }
  });
});

describe('prod overlay', () => {
  let objects: K8sObject[];
  let pods: PodTemplate[];

  beforeAll(() => {
    objects = renderOverlay('prod');
    pods = podTemplates(objects);
  });

  it('runs 3 replicas of every stateless service and of CockroachDB; the gateway autoscales 3..10', () => {
    for (const name of ['issues', 'repository', 'git-proxy', 'cockroachdb']) {
      expect([name, podTemplate(pods, name).replicas]).toEqual([name, 3]);
    }
    expect(podTemplate(pods, 'gateway').replicas).toBeUndefined();
    const hpa = named(objects, 'HorizontalPodAutoscaler', 'gateway');
    expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([3, 10]);
  });

  it('keeps the single-writer parts at one replica', () => {
    for (const name of ['resilience', 'gitea', 'redis']) {
      expect([name, podTemplate(pods, name).replicas]).toEqual([name, 1]);
    }
    expect(podTemplate(pods, 'resilience').owner.spec.strategy.type).toBe('Recreate');
  });

  it('protects every multi-replica workload with a disruption budget', () => {
    const budgets = ofKind(objects, 'PodDisruptionBudget').map((b) => b.metadata.name);
    expect(budgets.sort()).toEqual(['cockroachdb', 'gateway', 'git-proxy', 'issues', 'repository']);
  });

  it('runs a secure 3-node CockroachDB that joins its own pods', () => {
    const cockroach = podTemplate(pods, 'cockroachdb');
    const set = cockroach.owner;
    const shell = shellOf(cockroach);
    expect(shell).toContain('cockroach start ');
    expect(shell).toContain('--certs-dir /cockroach/cockroach-certs');
    expect(shell).not.toContain('--insecure');
    const join = /--join (\S+)/.exec(shell)![1]!.split(',');
    expect(join).toEqual(
      Array.from(
        { length: set.spec.replicas },
        (_, i) => `cockroachdb-${i}.${set.spec.serviceName}`,
      ),
    );
    expect(cockroach.spec.containers[0]!.readinessProbe?.httpGet?.scheme).toBe('HTTPS');
    expect(cockroach.annotations['prometheus.io/scheme']).toBe('https');
    expect(cockroach.spec.initContainers?.map((c) => c.name)).toEqual(['copy-certs']);
    const init = podTemplate(pods, 'cockroachdb-init');
    expect(shellOf(init)).toContain('cockroach init --certs-dir=/certs');
  });

  it('serves HTTPS only, for the same host on both Ingresses', () => {
    for (const ingress of ofKind(objects, 'Ingress')) {
      const host = ingress.spec.rules[0].host as string;
      expect(ingress.spec.tls).toEqual([{ hosts: [host], secretName: 'gitforge-tls' }]);
      expect(ingress.metadata.annotations?.['nginx.ingress.kubernetes.io/force-ssl-redirect']).toBe(
        'true',
      );
    }
  });

  it('advertises clone URLs on the public HTTPS host', () => {
    const config = ofKind(objects, 'ConfigMap').find((c) =>
      c.metadata.name.startsWith('gitforge-config'),
    )!;
    const host = ofKind(objects, 'Ingress')[0]!.spec.rules[0].host as string;
    expect(config.data?.GITFORGE_PUBLIC_GIT_URL).toBe(`https://${host}/git`);
  });

  it('creates no Secret, and the README documents every Secret key it references', () => {
    expect(ofKind(objects, 'Secret')).toEqual([]);
    const readme = readFileSync(join(infraDir, 'README.md'), 'utf8');
    const references = new Set<string>();
    for (const pod of pods) {
      for (const container of allContainers(pod)) {
        for (const env of container.env ?? []) {
          const ref = env.valueFrom?.secretKeyRef;
          if (ref) references.add(`${ref.name} ${ref.key}`);
        }
      }
      for (const volume of (pod.spec.volumes ?? []) as Record<string, any>[]) {
        if (!volume.secret) continue;
        const keys = volume.secret.items?.map((i: { key: string }) => i.key) ?? [];
        if (keys.length === 0) references.add(`${volume.secret.secretName} *`);
        for (const key of keys) references.add(`${volume.secret.secretName} ${key}`);
      }
    }
    // The cockroach copy-certs steps name the files they need from the certificate Secrets.
    for (const pod of pods) {
      for (const container of allContainers(pod)) {
        const script = (container.command ?? []).join(' ');
        for (const match of script.matchAll(/\/certs-secret\/([a-z.]+)/g)) {
          const volume = (pod.spec.volumes as Record<string, any>[]).find(
            (v) => v.name === 'certs-secret',
          )!;
          references.add(`${volume.secret.secretName} ${match[1]}`);
        }
      }
    }
    const undocumented = [...references].filter((ref) => {
      const [name, key] = ref.split(' ') as [string, string];
      if (key === '*') return false;
      return !readme
        .split('\n')
        .some((line) => line.includes(`\`${name}\``) && line.includes(`\`${key}\``));
    });
    expect(undocumented).toEqual([]);
    expect(references.size).toBeGreaterThanOrEqual(12);
  });

  it('puts its namespace under the restricted Pod Security Standard', () => {
    const [namespace] = ofKind(objects, 'Namespace');
    expect(namespace!.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });
});

describe('container image (infra/Dockerfile)', () => {
  const dockerfile = readFileSync(join(infraDir, 'Dockerfile'), 'utf8');

  it('builds with npm ci and npm run build on node 20, and ships git', () => {
    expect(dockerfile).toMatch(/^FROM node:20-bookworm-slim AS build$/m);
    expect(dockerfile).toContain('npm ci');
    expect(dockerfile).toContain('npm run build');
    expect(dockerfile).toMatch(/install -y --no-install-recommends git tini/);
  });

  it('runs as the uid the pods declare, under tini, with the args the Deployments give', () => {
    expect(dockerfile).toMatch(/^USER 1000:1000$/m);
    expect(dockerfile).toContain('ENTRYPOINT ["/usr/bin/tini", "--"]');
    for (const pod of podTemplates(renderOverlay('prod')).filter((p) =>
      nodeServices.some((s) => s.deployment === p.name),
    )) {
      expect(pod.spec.securityContext?.runAsUser).toBe(1000);
    }
  });

  it('builds every service the Deployments run (tsconfig.build.json references them)', () => {
    const build = readFileSync(join(repoRoot, 'tsconfig.build.json'), 'utf8');
    for (const { dir } of nodeServices) expect(build).toContain(`"path": "${dir}"`);
    expect(
      JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).scripts.build,
    ).toContain('tsc -b tsconfig.build.json');
  });
});
