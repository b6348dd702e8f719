import type { K8sObject, Labels } from './manifests';
import type { ContainerPort, LabelSelector, PodTemplate } from './workloads';
import { allContainers, selectorMatches } from './workloads';

/** A pod as NetworkPolicies see it: its namespace's labels, its labels, its ports. */
export interface NetworkPod {
  name: string;
  namespace: string;
  namespaceLabels: Labels;
  labels: Labels;
  ports: ContainerPort[];
}

interface PolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string };
}
interface PolicyPort {
  port?: number | string;
  endPort?: number;
  protocol?: string;
}
interface PolicyRule {
  from?: PolicyPeer[];
  to?: PolicyPeer[];
  ports?: PolicyPort[];
}

export function networkPodsOf(pods: PodTemplate[], namespaceLabels: Labels): NetworkPod[] {
  return pods.map((pod) => ({
    name: pod.name,
    namespace: pod.namespace,
    namespaceLabels,
    labels: pod.labels,
    ports: allContainers(pod).flatMap((c) => c.ports ?? []),
  }));
}

/**
 * Evaluates Kubernetes NetworkPolicy semantics for one namespace's policies: a connection is
 * allowed when the source's egress and the destination's ingress both allow it (a pod that no
 * policy of a direction selects is open in that direction). Pods outside `namespace` are not
 * governed by these policies. An ipBlock is taken to match every pod (the worst case: whether
 * pod IPs fall under ipBlock rules is up to the network plugin).
 */
export class NetworkPolicyModel {
  private readonly policies: K8sObject[];

  constructor(
    policies: K8sObject[],
    private readonly namespace: string,
  ) {
    this.policies = policies.filter((p) => (p.metadata.namespace ?? namespace) === namespace);
  }

  allows(source: NetworkPod, destination: NetworkPod, port: number, protocol = 'TCP'): boolean {
    return (
      this.direction(source, 'Egress', (rule) =>
        this.ruleAllows(rule.to, rule.ports, destination, port, protocol),
      ) &&
      this.direction(destination, 'Ingress', (rule) =>
        this.ruleAllows(rule.from, rule.ports, source, port, protocol, destination),
      )
    );
  }

  /** The policies whose podSelector selects `pod`. */
  selecting(pod: NetworkPod): K8sObject[] {
    if (pod.namespace !== this.namespace) return [];
    return this.policies.filter((p) => selectorMatches(p.spec?.podSelector ?? {}, pod.labels));
  }

  private direction(
    pod: NetworkPod,
    type: 'Ingress' | 'Egress',
    ruleAllows: (rule: PolicyRule) => boolean,
  ): boolean {
    const applicable = this.selecting(pod).filter((p) => policyTypes(p).includes(type));
    if (applicable.length === 0) return true;
    return applicable.some((p) =>
      ((type === 'Ingress' ? p.spec?.ingress : p.spec?.egress) ?? []).some(ruleAllows),
    );
  }

  private ruleAllows(
    peers: PolicyPeer[] | undefined,
    ports: PolicyPort[] | undefined,
    peer: NetworkPod,
    port: number,
    protocol: string,
    destination: NetworkPod = peer,
  ): boolean {
    const peerOk = !peers || peers.length === 0 || peers.some((p) => this.peerMatches(p, peer));
    const portOk =
      !ports ||
      ports.length === 0 ||
      ports.some((p) => portMatches(p, destination, port, protocol));
    return peerOk && portOk;
  }

  private peerMatches(peer: PolicyPeer, pod: NetworkPod): boolean {
    if (peer.ipBlock) return true;
    if (peer.namespaceSelector) {
      if (!selectorMatches(peer.namespaceSelector, pod.namespaceLabels)) return false;
      return peer.podSelector ? selectorMatches(peer.podSelector, pod.labels) : true;
    }
    return pod.namespace === this.namespace && selectorMatches(peer.podSelector, pod.labels);
  }
}

export function policyTypes(policy: K8sObject): string[] {
  const declared = policy.spec?.policyTypes as string[] | undefined;
  if (declared) return declared;
  return policy.spec?.egress ? ['Ingress', 'Egress'] : ['Ingress'];
}

function portMatches(
  rule: PolicyPort,
  destination: NetworkPod,
  port: number,
  protocol: string,
): boolean {
  if ((rule.protocol ?? 'TCP') !== protocol) return false;
  if (rule.port === undefined) return true;
  if (typeof rule.port === 'string') {
    return destination.ports.some(
      (p) => p.name === rule.port && p.containerPort === port && (p.protocol ?? 'TCP') === protocol,
    );
  }
  return rule.endPort ? port >= rule.port && port <= rule.endPort : port === rule.port;
}
