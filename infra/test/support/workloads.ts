import type { K8sObject, Labels } from './manifests';

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

export interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  ports?: ContainerPort[];
  env?: EnvVar[];
  envFrom?: unknown[];
  resources?: { requests?: Labels; limits?: Labels };
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  securityContext?: Record<string, any>;
  volumeMounts?: { name: string; mountPath: string; subPath?: string }[];
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
    resourceFieldRef?: unknown;
    fieldRef?: unknown;
  };
}

export interface Probe {
  httpGet?: { path?: string; port: number | string; scheme?: string };
  tcpSocket?: { port: number | string };
  exec?: { command: string[] };
}

export interface LabelSelector {
  matchLabels?: Labels;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** A pod template and what owns it (Deployment, StatefulSet, Job). */
export interface PodTemplate {
  owner: K8sObject;
  kind: string;
  name: string;
  namespace: string;
  replicas: number | undefined;
  labels: Labels;
  annotations: Labels;
  spec: Record<string, any> & { containers: Container[]; initContainers?: Container[] };
}

export function podTemplates(objects: K8sObject[]): PodTemplate[] {
  return objects.flatMap((owner): PodTemplate[] => {
    const template =
      owner.kind === 'CronJob' ? owner.spec?.jobTemplate?.spec?.template : owner.spec?.template;
    if (!['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'].includes(owner.kind)) {
      return [];
    }
    return [
      {
        owner,
        kind: owner.kind,
        name: owner.metadata.name,
        namespace: owner.metadata.namespace ?? 'default',
        replicas: owner.spec?.replicas as number | undefined,
        labels: template?.metadata?.labels ?? {},
        annotations: template?.metadata?.annotations ?? {},
        spec: template?.spec,
      },
    ];
  });
}

export const allContainers = (pod: PodTemplate): Container[] => [
  ...(pod.spec.initContainers ?? []),
  ...pod.spec.containers,
];

export function podTemplate(pods: PodTemplate[], name: string): PodTemplate {
  const found = pods.find((p) => p.name === name);
  if (!found) throw new Error(`no workload ${name}`);
  return found;
}

/** Kubernetes label-selector semantics (an empty selector selects everything). */
export function selectorMatches(selector: LabelSelector | undefined, labels: Labels): boolean {
  if (!selector) return false;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const present = key in labels;
    const ok =
      operator === 'In'
        ? present && values.includes(labels[key]!)
        : operator === 'NotIn'
          ? !present || !values.includes(labels[key]!)
          : operator === 'Exists'
            ? present
            : operator === 'DoesNotExist'
              ? !present
              : false;
    if (!ok) return false;
  }
  return true;
}

/** A Service's plain `selector` map as a LabelSelector. */
export const mapSelector = (selector: Labels | undefined): LabelSelector | undefined =>
  selector ? { matchLabels: selector } : undefined;

export function envValue(container: Container, name: string): string | undefined {
  return container.env?.find((e) => e.name === name)?.value;
}

/** Kubernetes quantity ("250m", "1", "512Mi", "2Gi") as a number of base units. */
export function parseQuantity(quantity: string | number): number {
  if (typeof quantity === 'number') return quantity;
  const match = /^([0-9.]+)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(quantity);
  if (!match) throw new Error(`not a quantity: ${quantity}`);
  const factors: Record<string, number> = {
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
  };
  return Number(match[1]) * (match[2] ? factors[match[2]]! : 1);
}

/** The container port a probe or Service names (by name or number), if any. */
export function findContainerPort(
  containers: Container[],
  port: number | string,
): ContainerPort | undefined {
  return containers
    .flatMap((c) => c.ports ?? [])
    .find((p) => (typeof port === 'number' ? p.containerPort === port : p.name === port));
}
