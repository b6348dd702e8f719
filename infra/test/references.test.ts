import {
  named,
  ofKind,
  overlays,
  renderOverlay,
  type K8sObject,
  type Overlay,
} from './support/manifests';
import {
  allContainers,
  findContainerPort,
  mapSelector,
  parseQuantity,
  podTemplates,
  selectorMatches,
  type PodTemplate,
} from './support/workloads';

/** Cross-references inside one rendered overlay: every name points at something real. */
describe.each(overlays)('overlay %s: cross-references', (overlay: Overlay) => {
  let objects: K8sObject[];
  let pods: PodTemplate[];
  const long = ['Deployment', 'StatefulSet'];

  beforeAll(() => {
    objects = renderOverlay(overlay);
    pods = podTemplates(objects);
  });

  const podsSelectedBy = (selector: Parameters<typeof selectorMatches>[0]) =>
    pods.filter((p) => selectorMatches(selector, p.labels));

  it('puts every namespaced object in the overlay namespace', () => {
    const [namespace] = ofKind(objects, 'Namespace');
    expect(namespace).toBeDefined();
    for (const object of objects.filter((o) => o.kind !== 'Namespace')) {
      expect([object.kind, object.metadata.name, object.metadata.namespace]).toEqual([
        object.kind,
        object.metadata.name,
        namespace!.metadata.name,
      ]);
    }
  });

  it('gives every workload a selector that matches its own pod template, and no other workload', () => {
    for (const pod of pods.filter((p) => long.includes(p.kind))) {
      expect([pod.name, selectorMatches(pod.owner.spec.selector, pod.labels)]).toEqual([
        pod.name,
        true,
      ]);
      const others = pods.filter(
        (p) => p !== pod && selectorMatches(pod.owner.spec.selector, p.labels),
      );
      expect([pod.name, others.map((p) => p.name)]).toEqual([pod.name, []]);
    }
  });

  it('points every Service at pods, on container ports that exist by name', () => {
    for (const service of ofKind(objects, 'Service')) {
      const selected = podsSelectedBy(mapSelector(service.spec.selector));
      expect([service.metadata.name, selected.length > 0]).toEqual([service.metadata.name, true]);
      for (const port of service.spec.ports as { name: string; targetPort: unknown }[]) {
        // Named target ports survive a container port renumbering.
        expect([service.metadata.name, port.name, typeof port.targetPort]).toEqual([
          service.metadata.name,
          port.name,
          'string',
        ]);
        for (const pod of selected) {
          const target = findContainerPort(pod.spec.containers, port.targetPort as string);
          expect([service.metadata.name, pod.name, port.targetPort, target !== undefined]).toEqual([
            service.metadata.name,
            pod.name,
            port.targetPort,
            true,
          ]);
        }
      }
    }
  });

  it('gives every StatefulSet a headless governing Service that selects it', () => {
    for (const set of ofKind(objects, 'StatefulSet')) {
      const service = named(objects, 'Service', set.spec.serviceName);
      expect(service.spec.clusterIP).toBe('None');
      const pod = pods.find((p) => p.owner === set)!;
      expect(selectorMatches(mapSelector(service.spec.selector), pod.labels)).toBe(true);
    }
  });

  it('probes every long-running container on a port it declares', () => {
    for (const pod of pods.filter((p) => long.includes(p.kind))) {
      for (const container of pod.spec.containers) {
        for (const probe of ['livenessProbe', 'readinessProbe'] as const) {
          const spec = container[probe];
          expect([pod.name, probe, spec !== undefined]).toEqual([pod.name, probe, true]);
        }
        for (const probe of [
          container.livenessProbe,
          container.readinessProbe,
          container.startupProbe,
        ]) {
          const port = probe?.httpGet?.port ?? probe?.tcpSocket?.port;
          if (port === undefined) continue;
          expect([pod.name, port, findContainerPort([container], port) !== undefined]).toEqual([
            pod.name,
            port,
            true,
          ]);
        }
      }
    }
  });

  it('resolves every ConfigMap and Secret reference (prod: Secrets are created beside it)', () => {
    const configMaps = new Map(ofKind(objects, 'ConfigMap').map((c) => [c.metadata.name, c]));
    const secrets = new Map(ofKind(objects, 'Secret').map((s) => [s.metadata.name, s]));
    const missing: string[] = [];
    const check = (
      kind: 'ConfigMap' | 'Secret',
      name: string,
      key: string | undefined,
      optional: boolean | undefined,
      where: string,
    ) => {
      if (kind === 'Secret' && overlay === 'prod') return; // checked against the README
      const object = (kind === 'ConfigMap' ? configMaps : secrets).get(name);
      const keys = Object.keys({ ...object?.data, ...object?.stringData });
      if ((!object || (key && !keys.includes(key))) && !optional) {
        missing.push(`${where}: ${kind} ${name}${key ? ` key ${key}` : ''}`);
      }
    };
    for (const pod of pods) {
      for (const container of allContainers(pod)) {
        for (const env of container.env ?? []) {
          const secret = env.valueFrom?.secretKeyRef;
          const config = env.valueFrom?.configMapKeyRef;
          const where = `${pod.name}/${container.name} ${env.name}`;
          if (secret) check('Secret', secret.name, secret.key, secret.optional, where);
          if (config) check('ConfigMap', config.name, config.key, config.optional, where);
        }
      }
      for (const volume of (pod.spec.volumes ?? []) as Record<string, any>[]) {
        const where = `${pod.name} volume ${volume.name}`;
        if (volume.secret) {
          for (const item of volume.secret.items ?? [{}]) {
            check('Secret', volume.secret.secretName, item.key, volume.secret.optional, where);
          }
        }
        if (volume.configMap) {
          for (const item of volume.configMap.items ?? [{}]) {
            check('ConfigMap', volume.configMap.name, item.key, volume.configMap.optional, where);
          }
        }
        if (volume.persistentVolumeClaim) {
          const claim = volume.persistentVolumeClaim.claimName as string;
          if (
            !objects.some((o) => o.kind === 'PersistentVolumeClaim' && o.metadata.name === claim)
          ) {
            missing.push(`${where}: PersistentVolumeClaim ${claim}`);
          }
        }
      }
      const mounts = allContainers(pod).flatMap((c) => c.volumeMounts ?? []);
      const volumes = new Set(
        [
          ...((pod.spec.volumes ?? []) as { name: string }[]),
          ...((pod.owner.spec.volumeClaimTemplates ?? []) as { metadata: { name: string } }[]).map(
            (t) => t.metadata,
          ),
        ].map((v) => v.name),
      );
      for (const mount of mounts) {
        if (!volumes.has(mount.name)) missing.push(`${pod.name}: volume ${mount.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('requests and limits CPU and memory for every container, requests within limits', () => {
    for (const pod of pods) {
      for (const container of allContainers(pod)) {
        for (const resource of ['cpu', 'memory']) {
          const request = container.resources?.requests?.[resource];
          const limit = container.resources?.limits?.[resource];
          const where = `${pod.name}/${container.name} ${resource}`;
          expect([where, typeof request, typeof limit]).toEqual([where, 'string', 'string']);
          expect([where, parseQuantity(request!) <= parseQuantity(limit!)]).toEqual([where, true]);
        }
      }
    }
  });

  it('meets the "restricted" Pod Security Standard in every pod', () => {
    for (const pod of pods) {
      const podSecurity = pod.spec.securityContext ?? {};
      expect([pod.name, pod.spec.hostNetwork, pod.spec.hostPID, pod.spec.hostIPC]).toEqual([
        pod.name,
        undefined,
        undefined,
        undefined,
      ]);
      expect([pod.name, podSecurity.seccompProfile?.type]).toEqual([pod.name, 'RuntimeDefault']);
      for (const volume of (pod.spec.volumes ?? []) as Record<string, unknown>[]) {
        expect([pod.name, volume.hostPath]).toEqual([pod.name, undefined]);
      }
      for (const container of allContainers(pod)) {
        const security = container.securityContext ?? {};
        const where = `${pod.name}/${container.name}`;
        const runAsNonRoot = security.runAsNonRoot ?? podSecurity.runAsNonRoot;
        const runAsUser = security.runAsUser ?? podSecurity.runAsUser;
        expect([where, runAsNonRoot, runAsUser > 0]).toEqual([where, true, true]);
        expect([where, security.allowPrivilegeEscalation, security.privileged]).toEqual([
          where,
          false,
          undefined,
        ]);
        expect([where, security.capabilities?.drop]).toEqual([where, ['ALL']]);
        expect([where, security.capabilities?.add]).toEqual([where, undefined]);
        expect([where, security.readOnlyRootFilesystem]).toEqual([where, true]);
      }
    }
  });

  it('pins every image to a tag, with the GitForge image coming from the images: transformer', () => {
    for (const pod of pods) {
      for (const container of allContainers(pod)) {
        const where = `${pod.name}/${container.name}`;
        expect([where, container.image]).toEqual([
          where,
          expect.stringMatching(/^[a-z0-9.-]+(\/[a-z0-9._-]+)*:[A-Za-z0-9._-]+$/),
        ]);
        expect([where, container.image!.endsWith(':latest')]).toEqual([where, false]);
        if (container.args?.[0] === 'node') {
          expect([where, container.image]).toEqual([
            where,
            expect.stringMatching(/^ghcr\.io\/gitforge\/gitforge:/),
          ]);
        }
      }
    }
  });

  it('routes /git/* to the git proxy and everything else to the gateway', () => {
    const ingresses = ofKind(objects, 'Ingress');
    const hosts = new Set(ingresses.flatMap((i) => i.spec.rules.map((r: any) => r.host)));
    expect(hosts.size).toBe(1);
    const paths = ingresses.flatMap((ingress) =>
      ingress.spec.rules.flatMap((rule: any) =>
        rule.http.paths.map((p: any) => ({ ...p, ingress: ingress.metadata.name })),
      ),
    ) as { path: string; pathType: string; backend: any }[];
    // Prefix matching as the Ingress API defines it: whole path elements, longest wins.
    const route = (request: string) =>
      paths
        .filter(
          (p) =>
            p.pathType === 'Prefix' &&
            (p.path === '/' || request === p.path || request.startsWith(`${p.path}/`)),
        )
        .sort((a, b) => b.path.length - a.path.length)[0]?.backend.service;
    expect(route('/git/alice/hello.git/info/refs')?.name).toBe('git-proxy');
    expect(route('/git/alice/hello.git/git-upload-pack')?.name).toBe('git-proxy');
    expect(route('/graphql')?.name).toBe('gateway');
    expect(route('/api/issues')?.name).toBe('gateway');
    expect(route('/github/x')?.name).toBe('gateway');
    expect(route('/')?.name).toBe('gateway');
    for (const path of paths) {
      const service = named(objects, 'Service', path.backend.service.name);
      const port = path.backend.service.port;
      expect(
        service.spec.ports.some((p: any) => p.name === port.name || p.port === port.number),
      ).toBe(true);
    }
    for (const ingress of ingresses) expect(ingress.spec.ingressClassName).toBe('nginx');
  });

  it('spreads every multi-replica workload over hosts, selecting its own pods', () => {
    for (const pod of pods.filter((p) => long.includes(p.kind))) {
      const replicas = pod.replicas ?? (pod.name === 'gateway' ? 3 : 1);
      if (overlay === 'dev' || replicas < 2) continue;
      const constraints = [
        ...((pod.spec.topologySpreadConstraints ?? []) as any[]),
        ...((pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ??
          []) as any[]),
      ];
      const byHost = constraints.filter(
        (c) =>
          c.topologyKey === 'kubernetes.io/hostname' &&
          selectorMatches(c.labelSelector, pod.labels),
      );
      expect([pod.name, byHost.length > 0]).toEqual([pod.name, true]);
    }
  });

  it('makes every PodDisruptionBudget select exactly one multi-replica workload', () => {
    for (const budget of ofKind(objects, 'PodDisruptionBudget')) {
      const selected = podsSelectedBy(budget.spec.selector);
      expect([budget.metadata.name, selected.map((p) => p.name)]).toEqual([
        budget.metadata.name,
        [budget.metadata.name],
      ]);
      const replicas = selected[0]!.replicas ?? 3; // the gateway: HPA minimum
      expect(replicas).toBeGreaterThanOrEqual(2);
      if (budget.spec.minAvailable !== undefined) {
        expect(budget.spec.minAvailable).toBeLessThan(replicas);
      } else {
        expect(budget.spec.maxUnavailable).toBe(1);
      }
    }
  });

  it('scales only the gateway, which has CPU requests and no fixed replica count', () => {
    for (const hpa of ofKind(objects, 'HorizontalPodAutoscaler')) {
      const target = hpa.spec.scaleTargetRef;
      expect(target).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'gateway' });
      const deployment = named(objects, 'Deployment', target.name);
      expect(deployment.spec.replicas).toBeUndefined();
      for (const container of deployment.spec.template.spec.containers) {
        expect(parseQuantity(container.resources.requests.cpu)).toBeGreaterThan(0);
      }
      expect(hpa.spec.minReplicas).toBe(3);
      expect(hpa.spec.maxReplicas).toBe(10);
      expect(hpa.spec.metrics).toEqual([
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
        },
      ]);
    }
  });
});
