import { existsSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { named, overlays, renderOverlay, repoRoot, type K8sObject } from './support/manifests';
import {
  declaredPortDefault,
  declaresVariable,
  nodeServices,
  readRepoFile,
  sourceContains,
} from './support/serviceSources';
import { envValue, findContainerPort, podTemplate, podTemplates } from './support/workloads';

/** Read by shared libraries rather than by a service's env.ts. */
const libraryVariables: Record<string, string> = { LOG_LEVEL: 'lib/logging/src' };

/**
 * The manifests against the services' own code: the entry point exists, the port a container
 * declares is the one its env.ts reads, every variable it sets is one the service reads, and
 * the probes hit the paths lib/server serves.
 */
describe.each(overlays)('overlay %s: GitForge services as their code defines them', (overlay) => {
  let objects: K8sObject[];

  beforeAll(() => {
    objects = renderOverlay(overlay);
  });

  describe.each(nodeServices.map((s) => [s.deployment, s] as const))('%s', (_name, service) => {
    const container = () =>
      podTemplate(podTemplates(objects), service.deployment).spec.containers[0]!;

    it('runs `node <service>/dist/main.js`, the build output of its src/main.ts', () => {
      expect(container().args).toEqual(['node', `${service.dir}/dist/main.js`]);
      expect(container().command).toBeUndefined(); // the image's ENTRYPOINT (tini) stays
      expect(existsSync(join(repoRoot, service.dir, 'src', 'main.ts'))).toBe(true);
      const tsconfig = ts.readConfigFile(join(repoRoot, service.dir, 'tsconfig.json'), (path) =>
        ts.sys.readFile(path),
      ).config as { compilerOptions: { rootDir: string; outDir: string } };
      expect(tsconfig.compilerOptions).toMatchObject({ rootDir: 'src', outDir: 'dist' });
    });

    it('listens on 0.0.0.0 at the port its env.ts reads, which the Service and scrape use', () => {
      const port = findContainerPort([container()], 'http')!.containerPort;
      expect(envValue(container(), 'HOST')).toBe('0.0.0.0');
      expect(envValue(container(), service.portVar)).toBe(String(port));
      expect(declaredPortDefault(service)).toBe(port);
      const serviceObject = named(objects, 'Service', service.deployment);
      expect(serviceObject.spec.ports).toEqual([
        { name: 'http', port, targetPort: 'http', protocol: 'TCP' },
      ]);
      const pod = podTemplate(podTemplates(objects), service.deployment);
      expect(pod.annotations).toMatchObject({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(port),
        'prometheus.io/path': '/metrics',
      });
    });

    it('sets only variables that the service reads', () => {
      for (const { name } of container().env ?? []) {
        const library = libraryVariables[name];
        const read = library
          ? sourceContains(library.replace(/\/src$/, ''), name)
          : declaresVariable(service, name);
        expect([name, read]).toEqual([name, true]);
      }
    });

    it('runs in production mode with the JWT secret from a Secret', () => {
      expect(envValue(container(), 'NODE_ENV')).toBe('production');
      const jwt = container().env!.find((e) => e.name === 'GITFORGE_JWT_SECRET');
      expect(jwt?.valueFrom?.secretKeyRef).toEqual({ name: expect.any(String), key: 'jwt-secret' });
      expect(jwt?.value).toBeUndefined();
    });

    it('probes /health/live and /health/ready, which lib/server serves for every service', () => {
      expect(container().livenessProbe?.httpGet).toEqual({ path: '/health/live', port: 'http' });
      expect(container().readinessProbe?.httpGet).toEqual({ path: '/health/ready', port: 'http' });
      expect(sourceContains(service.dir, 'startServiceServer')).toBe(true);
      const server = readRepoFile('lib/server/src/startServiceServer.ts');
      expect(server).toContain("['/health'");
      expect(server).toContain('`${prefix}/live`');
      expect(server).toContain('`${prefix}/ready`');
      expect(server).toContain("'/metrics'");
    });

    it('keeps writable state on volumes only (read-only root filesystem)', () => {
      expect(container().securityContext?.readOnlyRootFilesystem).toBe(true);
      const dataDir = envValue(container(), 'GITFORGE_DATA_DIR');
      expect(container().volumeMounts?.map((m) => m.mountPath)).toEqual(
        expect.arrayContaining([dataDir, '/tmp']),
      );
    });
  });

  it('gives the gateway every subgraph, each at its Service and port', () => {
    const gateway = podTemplate(podTemplates(objects), 'gateway').spec.containers[0]!;
    const list = envValue(gateway, 'SUBGRAPH_URLS')!
      .split(',')
      .map((entry) => entry.split('='));
    expect(list.map(([name]) => name)).toEqual(['issues', 'repository', 'resilience']);
    for (const [name, url] of list) {
      const service = nodeServices.find((s) => s.deployment === name)!;
      const port = declaredPortDefault(service);
      expect(url).toBe(`http://${name}:${port}/graphql`);
    }
  });

  it('points the repository subgraph and the git proxy at Gitea, and issues and resilience at Redis', () => {
    const pods = podTemplates(objects);
    const gitea = findContainerPort(podTemplate(pods, 'gitea').spec.containers, 'http')!;
    for (const name of ['repository', 'git-proxy']) {
      expect(envValue(podTemplate(pods, name).spec.containers[0]!, 'GITEA_URL')).toBe(
        `http://gitea:${gitea.containerPort}`,
      );
    }
    for (const name of ['issues', 'resilience']) {
      expect(envValue(podTemplate(pods, name).spec.containers[0]!, 'REDIS_URL')).toBe(
        'redis://redis:6379',
      );
    }
  });

  it('gives the repository subgraph the webhook secret it requires in production', () => {
    const repository = podTemplate(podTemplates(objects), 'repository').spec.containers[0]!;
    const secret = repository.env!.find((e) => e.name === 'GITFORGE_WEBHOOK_SECRET');
    expect(secret?.valueFrom?.secretKeyRef?.key).toBe('webhook-secret');
    expect(readRepoFile('subgraphs/repository/src/main.ts')).toContain('GITFORGE_WEBHOOK_SECRET');
  });

  it('probes CockroachDB on /health?ready=1 and Gitea on its health endpoint', () => {
    const pods = podTemplates(objects);
    const cockroach = podTemplate(pods, 'cockroachdb').spec.containers[0]!;
    expect(cockroach.readinessProbe?.httpGet).toMatchObject({
      path: '/health?ready=1',
      port: 'http',
    });
    expect(findContainerPort([cockroach], 'http')?.containerPort).toBe(8080);
    expect(findContainerPort([cockroach], 'sql')?.containerPort).toBe(26257);
    const gitea = podTemplate(pods, 'gitea').spec.containers[0]!;
    expect(gitea.readinessProbe?.httpGet).toEqual({ path: '/api/healthz', port: 'http' });
    expect(findContainerPort([gitea], 'http')?.containerPort).toBe(3000);
  });
});
