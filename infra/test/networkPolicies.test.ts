import {
  ofKind,
  overlays,
  renderOverlay,
  type K8sObject,
  type Labels,
  type Overlay,
} from './support/manifests';
import { NetworkPolicyModel, networkPodsOf, type NetworkPod } from './support/networkPolicies';
import {
  allContainers,
  podTemplates,
  selectorMatches,
  type PodTemplate,
} from './support/workloads';

const ingressController: NetworkPod = {
  name: 'ingress-nginx',
  namespace: 'ingress-nginx',
  namespaceLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' },
  labels: { 'app.kubernetes.io/name': 'ingress-nginx' },
  ports: [],
};
const clusterDns: NetworkPod = {
  name: 'kube-dns',
  namespace: 'kube-system',
  namespaceLabels: { 'kubernetes.io/metadata.name': 'kube-system' },
  labels: { 'k8s-app': 'kube-dns' },
  ports: [
    { name: 'dns', containerPort: 53, protocol: 'UDP' },
    { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
  ],
};
/** Any other pod of the cluster: it must reach nothing here and be reached by nothing. */
const stranger: NetworkPod = {
  name: 'stranger',
  namespace: 'elsewhere',
  namespaceLabels: { 'kubernetes.io/metadata.name': 'elsewhere' },
  labels: { 'app.kubernetes.io/name': 'gateway' },
  ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
};

/**
 * What the architecture needs, and nothing else: [from, to, port]. Prometheus' scrapes are
 * derived from the pods' annotations.
 */
const architectureFlows: [string, string, number][] = [
  ['ingress-nginx', 'gateway', 4000],
  ['ingress-nginx', 'git-proxy', 4080],
  ['gateway', 'issues', 4001],
  ['gateway', 'repository', 4002],
  ['gateway', 'resilience', 4003],
  ['issues', 'repository', 4002], // permission checks
  ['repository', 'issues', 4001], // owner quota limits
  ['git-proxy', 'repository', 4002], // owner size quotas of pushes
  ['issues', 'cockroachdb', 26257],
  ['issues', 'redis', 6379],
  ['resilience', 'cockroachdb', 26257],
  ['resilience', 'redis', 6379],
  ['gateway', 'redis', 6379],
  ['repository', 'redis', 6379],
  ['git-proxy', 'redis', 6379],
  ['repository', 'gitea', 3000],
  ['git-proxy', 'gitea', 3000],
  ['gitea', 'gateway', 4000], // push webhooks
  ['cockroachdb', 'cockroachdb', 26257], // replication between nodes
  ['cockroachdb-init', 'cockroachdb', 26257],
  ['gitforge-backup', 'cockroachdb', 26257], // nightly BACKUP (backup/ CronJob)
  ['gitforge-backup', 'gitea', 3000], // nightly repository mirrors
  ['grafana', 'prometheus', 9090],
  ['prometheus', 'alertmanager', 9093],
  ['gateway', 'prometheus', 9090], // the status page's firing alerts
];

/**
 * URLs that a container hands to someone else rather than dials: the webhook URL is registered
 * in Gitea, which posts to it; Gitea's ROOT_URL only appears in the links it returns.
 */
const connectingParty: Record<string, string | null> = {
  GITFORGE_WEBHOOK_URL: 'gitea',
  GITEA__server__ROOT_URL: null,
};

describe.each(overlays)('overlay %s: NetworkPolicies', (overlay: Overlay) => {
  let objects: K8sObject[];
  let pods: PodTemplate[];
  let networkPods: NetworkPod[];
  let model: NetworkPolicyModel;
  let namespace: string;

  beforeAll(() => {
    objects = renderOverlay(overlay);
    const namespaceObject = ofKind(objects, 'Namespace')[0]!;
    namespace = namespaceObject.metadata.name;
    const namespaceLabels: Labels = {
      ...namespaceObject.metadata.labels,
      'kubernetes.io/metadata.name': namespace,
    };
    pods = podTemplates(objects);
    networkPods = networkPodsOf(pods, namespaceLabels);
    model = new NetworkPolicyModel(ofKind(objects, 'NetworkPolicy'), namespace);
  });

  const pod = (name: string) => networkPods.find((p) => p.name === name)!;

  it('denies everything by default, in both directions', () => {
    const denyAll = ofKind(objects, 'NetworkPolicy').find(
      (p) => Object.keys(p.spec.podSelector).length === 0 && !p.spec.ingress && !p.spec.egress,
    );
    expect(denyAll?.spec.policyTypes).toEqual(['Ingress', 'Egress']);
  });

  it('selects real pods with every policy and every in-namespace peer', () => {
    for (const policy of ofKind(objects, 'NetworkPolicy')) {
      const name = policy.metadata.name;
      const selected = networkPods.filter((p) =>
        selectorMatches(policy.spec.podSelector, p.labels),
      );
      expect([name, selected.length > 0]).toEqual([name, true]);
      for (const rule of [...(policy.spec.ingress ?? []), ...(policy.spec.egress ?? [])]) {
        for (const peer of [...(rule.from ?? []), ...(rule.to ?? [])]) {
          if (peer.namespaceSelector || peer.ipBlock) continue;
          const matched = networkPods.filter((p) => selectorMatches(peer.podSelector, p.labels));
          expect([name, peer.podSelector, matched.length > 0]).toEqual([
            name,
            peer.podSelector,
            true,
          ]);
        }
      }
    }
  });

  it('opens ingress only on ports that the selected pods listen on', () => {
    for (const policy of ofKind(objects, 'NetworkPolicy')) {
      const selected = networkPods.filter((p) =>
        selectorMatches(policy.spec.podSelector, p.labels),
      );
      for (const rule of policy.spec.ingress ?? []) {
        for (const port of rule.ports ?? []) {
          const listening = selected.filter((p) =>
            p.ports.some((c) =>
              typeof port.port === 'string' ? c.name === port.port : c.containerPort === port.port,
            ),
          );
          expect([policy.metadata.name, port.port, listening.map((p) => p.name)]).toEqual([
            policy.metadata.name,
            port.port,
            selected.map((p) => p.name),
          ]);
        }
      }
    }
  });

  it('allows exactly the flows the architecture needs between pods, on every port', () => {
    const scrapes = pods
      .filter((p) => p.annotations['prometheus.io/scrape'] === 'true')
      .map((p): [string, string, number] => [
        'prometheus',
        p.name,
        Number(p.annotations['prometheus.io/port']),
      ]);
    const expected = [...architectureFlows, ...scrapes].map((f) => f.join(' -> ')).sort();
    const allowed: string[] = [];
    for (const source of [ingressController, stranger, ...networkPods]) {
      for (const destination of networkPods) {
        for (const port of destination.ports) {
          if (model.allows(source, destination, port.containerPort, port.protocol ?? 'TCP')) {
            allowed.push([source.name, destination.name, port.containerPort].join(' -> '));
          }
        }
      }
    }
    expect([...new Set(allowed)].sort()).toEqual(expected);
  });

  it('lets every pod resolve names through the cluster DNS, over UDP and TCP', () => {
    for (const source of networkPods) {
      expect([source.name, model.allows(source, clusterDns, 53, 'UDP')]).toEqual([
        source.name,
        true,
      ]);
      expect([source.name, model.allows(source, clusterDns, 53, 'TCP')]).toEqual([
        source.name,
        true,
      ]);
    }
  });

  it('lets no pod reach pods of other namespaces (but DNS)', () => {
    for (const source of networkPods) {
      expect([source.name, model.allows(source, stranger, 8080)]).toEqual([source.name, false]);
    }
  });

  it('allows every connection that a container is configured to make (env URLs)', () => {
    const services = ofKind(objects, 'Service');
    const secrets = ofKind(objects, 'Secret');
    const secretValue = (name: string, key: string): string | undefined => {
      const data = secrets.find((s) => s.metadata.name === name)?.data?.[key];
      return data === undefined ? undefined : Buffer.from(data, 'base64').toString('utf8');
    };
    const checked: string[] = [];
    for (const template of pods) {
      for (const container of allContainers(template)) {
        for (const env of container.env ?? []) {
          const ref = env.valueFrom?.secretKeyRef;
          const value = env.value ?? (ref ? secretValue(ref.name, ref.key) : undefined);
          for (const match of (value ?? '').matchAll(
            /\b[a-z]+:\/\/(?:[^@/\s]*@)?([a-z0-9-]+):(\d+)/g,
          )) {
            const [host, port] = [match[1]!, Number(match[2])];
            const service = services.find((s) => s.metadata.name === host);
            const client = env.name in connectingParty ? connectingParty[env.name] : template.name;
            if (!client) continue;
            const where = `${client} (${template.name} ${env.name}) -> ${host}:${port}`;
            expect([where, service !== undefined]).toEqual([where, true]);
            const servicePort = service!.spec.ports.find((p: any) => p.port === port);
            expect([where, servicePort !== undefined]).toEqual([where, true]);
            for (const destination of networkPods.filter((p) =>
              selectorMatches({ matchLabels: service!.spec.selector }, p.labels),
            )) {
              const target = destination.ports.find((p) => p.name === servicePort.targetPort)!;
              expect([where, model.allows(pod(client), destination, target.containerPort)]).toEqual(
                [where, true],
              );
              checked.push(where);
            }
          }
        }
      }
    }
    // SUBGRAPH_URLS (3), GITEA_URL (2), REDIS_URL (2), REPOSITORY_SUBGRAPH_URL, and DATABASE_URL where the Secret is here.
    expect(new Set(checked).size).toBeGreaterThanOrEqual(overlay === 'dev' ? 10 : 8);
  });

  it(`is scoped to the overlay's namespace`, () => {
    for (const policy of ofKind(objects, 'NetworkPolicy')) {
      expect(policy.metadata.namespace).toBe(namespace);
    }
  });
});
