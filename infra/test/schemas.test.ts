import { join, relative } from 'node:path';
import { schemaErrors, unknownFieldErrors } from './support/kubernetesSchemas';
import {
  baseDir,
  k8sDir,
  kustomizationResourceFiles,
  kustomize,
  overlayDir,
  overlays,
  readYamlFile,
  type K8sObject,
} from './support/manifests';

const label = (o: K8sObject) => `${o.kind}/${o.metadata.name}`;

async function expectValid(objects: K8sObject[]): Promise<void> {
  const problems: string[] = [];
  for (const object of objects) {
    for (const error of await schemaErrors(object)) problems.push(`${label(object)}: ${error}`);
  }
  problems.push(...unknownFieldErrors(objects, objects.map(label)));
  expect(problems).toEqual([]);
}

describe('manifest files (as written)', () => {
  const files = [
    ...kustomizationResourceFiles(baseDir),
    ...overlays.map((o) => join(overlayDir(o), 'namespace.yaml')),
  ].map((file) => ({ name: relative(k8sDir, file), objects: readYamlFile(file) }));
  const all = files.flatMap((f) => f.objects.map((object) => ({ file: f.name, object })));
  let fieldErrors: string[];

  beforeAll(() => {
    // One TypeScript program for every file: parsing the declarations dominates the cost.
    fieldErrors = unknownFieldErrors(
      all.map((a) => a.object),
      all.map((a) => `${a.file} ${label(a.object)}`),
    );
  });

  it('lists every base resource in the kustomization', () => {
    expect(files.length).toBeGreaterThan(30);
  });

  it.each(files.map((f) => [f.name, f.objects] as const))(
    '%s parses and validates against the Kubernetes schema, with no unknown field',
    async (name, objects) => {
      expect(objects.length).toBeGreaterThan(0);
      const problems: string[] = [];
      for (const object of objects) {
        expect(object.apiVersion).toEqual(expect.any(String));
        expect(object.kind).toEqual(expect.any(String));
        expect(object.metadata?.name).toEqual(expect.any(String));
        for (const error of await schemaErrors(object)) problems.push(`${label(object)}: ${error}`);
      }
      problems.push(...fieldErrors.filter((e) => e.startsWith(`${name} `)));
      expect(problems).toEqual([]);
    },
  );
});

describe.each([
  ['base', baseDir],
  ['overlays/dev', overlayDir('dev')],
  ['overlays/prod', overlayDir('prod')],
])('kubectl kustomize %s', (_name, dir) => {
  let rendered: K8sObject[];

  beforeAll(() => {
    rendered = kustomize(dir);
  });

  it('renders', () => {
    expect(rendered.length).toBeGreaterThan(30);
  });

  it('renders only objects that validate against the Kubernetes schema, with no unknown field', async () => {
    await expectValid(rendered);
  });

  it('renders unique kind/name pairs', () => {
    const ids = rendered.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('the strict field check', () => {
  const deployment = (container: Record<string, unknown>, podSpec: Record<string, unknown> = {}) =>
    ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'broken' },
      spec: {
        selector: { matchLabels: { a: 'b' } },
        template: {
          metadata: { labels: { a: 'b' } },
          spec: { containers: [{ name: 'c', image: 'i:1', ...container }], ...podSpec },
        },
      },
    }) as K8sObject;

  it.each([
    ['a misspelt field', deployment({ readinessprobe: {} }), /readinessprobe/],
    ['a misplaced field', deployment({}, { containerPort: 80 }), /containerPort/],
    ['a wrong enum value', deployment({ imagePullPolicy: 'Sometimes' }), /Sometimes/],
    ['a wrong type', deployment({ ports: [{ containerPort: '80' }] }), /not assignable/],
  ])('catches %s', (_what, object, message) => {
    const errors = unknownFieldErrors([object], ['Deployment/broken']);
    expect(errors.join('\n')).toMatch(message);
  });

  it('accepts a valid object', () => {
    expect(unknownFieldErrors([deployment({})], ['Deployment/ok'])).toEqual([]);
  });

  it('passes the schema check only for valid types', async () => {
    const wrongType: K8sObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'x' },
      spec: { ports: [{ port: 'eighty' }] },
    };
    expect(await schemaErrors(wrongType)).not.toEqual([]);
  });
});
