import { parseEnv, upstreamFields } from '@gitforge/env';
import {
  ofKind,
  overlays,
  renderOverlay,
  type K8sObject,
  type Labels,
  type Overlay,
} from './support/manifests';
import { NetworkPolicyModel, networkPodsOf, type NetworkPod } from './support/networkPolicies';
import { nodeServices } from './support/serviceSources';
import { podTemplate, podTemplates, selectorMatches, type Container } from './support/workloads';

/**
 * Which URLs each service needs is not listed here: it is read off the service's own env
 * schema (`upstreamUrl` fields, required in production unless declared otherwise). For every
 * overlay, the rendered container environment must satisfy that schema in production mode, and
 * for every upstream URL it sets, a NetworkPolicy must permit the call it stands for.
 */
describe.each(overlays)(
  'overlay %s: every service gets the upstreams its env schema needs',
  (overlay: Overlay) => {
    let objects: K8sObject[];
    let devObjects: K8sObject[];
    let model: NetworkPolicyModel;
    let networkPods: NetworkPod[];

    beforeAll(() => {
      objects = renderOverlay(overlay);
      devObjects = overlay === 'dev' ? objects : renderOverlay('dev');
      const namespaceObject = ofKind(objects, 'Namespace')[0]!;
      const namespace = namespaceObject.metadata.name;
      const namespaceLabels: Labels = {
        ...namespaceObject.metadata.labels,
        'kubernetes.io/metadata.name': namespace,
      };
      networkPods = networkPodsOf(podTemplates(objects), namespaceLabels);
      model = new NetworkPolicyModel(ofKind(objects, 'NetworkPolicy'), namespace);
    });

    /**
     * The value a variable has in the pod. Secrets are not part of the prod overlay (they are
     * created beside it with the same keys, infra/README.md), so their values come from the dev
     * overlay's generated Secret, which documents the expected shape.
     */
    function resolvedEnv(container: Container): NodeJS.ProcessEnv {
      const lookup = (kind: string, name: string, key: string): string | undefined => {
        for (const source of [objects, devObjects]) {
          // kustomize's generators add a content hash to the name (`gitforge-secrets-7f2c…`).
          const object = ofKind(source, kind).find(
            (o) => o.metadata.name === name || o.metadata.name.startsWith(`${name}-`),
          );
          const raw = object?.data?.[key];
          if (raw !== undefined) {
            return kind === 'Secret' ? Buffer.from(raw, 'base64').toString('utf8') : raw;
          }
        }
        return undefined;
      };
      const env: NodeJS.ProcessEnv = {};
      for (const entry of container.env ?? []) {
        const secret = entry.valueFrom?.secretKeyRef;
        const config = entry.valueFrom?.configMapKeyRef;
        env[entry.name] =
          entry.value ??
          (secret ? lookup('Secret', secret.name, secret.key) : undefined) ??
          (config ? lookup('ConfigMap', config.name, config.key) : undefined);
      }
      return env;
    }

    const urlsOf = (value: unknown): string[] => {
      if (typeof value === 'string') return [value];
      if (Array.isArray(value)) return value.map((entry: { url: string }) => entry.url);
      return [];
    };

    /** The pods behind `host:port` (a Service of this overlay), at their target container port. */
    function destinations(host: string, port: number): { pod: NetworkPod; port: number }[] {
      const service = ofKind(objects, 'Service').find((s) => s.metadata.name === host);
      const servicePort = service?.spec.ports.find((p: { port: number }) => p.port === port);
      if (!service || !servicePort) return [];
      return networkPods
        .filter((p) => selectorMatches({ matchLabels: service.spec.selector }, p.labels))
        .flatMap((pod) => {
          const target = pod.ports.find(
            (p) => p.name === servicePort.targetPort || p.containerPort === servicePort.targetPort,
          );
          return target ? [{ pod, port: target.containerPort }] : [];
        });
    }

    describe.each(nodeServices.map((s) => [s.deployment, s] as const))('%s', (name, service) => {
      const container = () => podTemplate(podTemplates(objects), name).spec.containers[0]!;

      it('declares its upstream URLs in its env schema', () => {
        // A service without upstreams would make the checks below vacuous.
        expect(upstreamFields(service.envModels).length).toBeGreaterThan(0);
      });

      it('starts in production with the environment the overlay gives it', () => {
        const env = resolvedEnv(container());
        expect(env.NODE_ENV).toBe('production');
        expect(() => parseEnv(service.envModels, env)).not.toThrow();
        // Optional upstreams too: on Kubernetes every service runs as several replicas, which
        // share limits, sessions and events only through them (Redis), so all are wired.
        for (const field of upstreamFields(service.envModels)) {
          expect([field.variable, env[field.variable]]).toEqual([
            field.variable,
            expect.stringMatching(/\S/),
          ]);
        }
      });

      it('is allowed by the NetworkPolicies to make every call its upstream URLs stand for', () => {
        const env = resolvedEnv(container());
        const parsed = parseEnv(service.envModels, env) as Record<string, Record<string, unknown>>;
        const checked: string[] = [];
        for (const field of upstreamFields(service.envModels)) {
          const value = Object.values(parsed).find((concern) => field.variable in concern)?.[
            field.variable
          ];
          const caller = field.upstream === 'calls' ? name : field.upstream.calledBy;
          const source = networkPods.find((p) => p.name === caller);
          for (const url of urlsOf(value)) {
            const { hostname, port } = new URL(url);
            const where = `${caller} (${name} ${field.variable}) -> ${hostname}:${port}`;
            const targets = destinations(hostname, Number(port));
            expect([where, source !== undefined, targets.length > 0]).toEqual([where, true, true]);
            for (const target of targets) {
              expect([where, model.allows(source!, target.pod, target.port)]).toEqual([
                where,
                true,
              ]);
            }
            checked.push(where);
          }
        }
        expect(checked.length).toBeGreaterThan(0);
      });
    });

    it('refuses to start the issues subgraph in production without its permission source', () => {
      const issues = nodeServices.find((s) => s.deployment === 'issues')!;
      const env = resolvedEnv(podTemplate(podTemplates(objects), 'issues').spec.containers[0]!);
      delete env.REPOSITORY_SUBGRAPH_URL;
      expect(() => parseEnv(issues.envModels, env)).toThrow(/REPOSITORY_SUBGRAPH_URL/);
    });
  },
);
