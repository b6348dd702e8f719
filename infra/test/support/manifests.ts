import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const infraDir = join(__dirname, '..', '..');
export const repoRoot = join(infraDir, '..');
export const k8sDir = join(infraDir, 'k8s');
export const baseDir = join(k8sDir, 'base');
export const overlays = ['dev', 'prod'] as const;
export type Overlay = (typeof overlays)[number];
export const overlayDir = (overlay: Overlay): string => join(k8sDir, 'overlays', overlay);

export type Labels = Record<string, string>;

/** A Kubernetes object as parsed from YAML; the typed checks live in kubernetesSchemas.ts. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Labels; annotations?: Labels };
  // Manifests are free-form JSON: tests navigate them with optional chaining.
  spec?: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  [field: string]: unknown;
}

/** Every non-empty document of a YAML stream; a syntax error anywhere fails loudly. */
export function parseYamlDocuments(text: string, source: string): K8sObject[] {
  const objects: K8sObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) {
      throw new Error(`${source}: ${doc.errors.map((e) => e.message).join('; ')}`);
    }
    const value: unknown = doc.toJS();
    if (value !== null && value !== undefined) objects.push(value as K8sObject);
  }
  return objects;
}

export function readYamlFile(path: string): K8sObject[] {
  return parseYamlDocuments(readFileSync(path, 'utf8'), path);
}

/** `kubectl` on PATH, or the one KUBECTL names. */
export const kubectl = (): string => process.env.KUBECTL ?? 'kubectl';

const rendered = new Map<string, K8sObject[]>();

/** `kubectl kustomize <dir>`, parsed (cached per directory: rendering takes a few 100 ms). */
export function kustomize(dir: string): K8sObject[] {
  let objects = rendered.get(dir);
  if (!objects) {
    const text = execFileSync(kubectl(), ['kustomize', dir], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    objects = parseYamlDocuments(text, `kubectl kustomize ${dir}`);
    rendered.set(dir, objects);
  }
  return objects;
}

export const renderOverlay = (overlay: Overlay): K8sObject[] => kustomize(overlayDir(overlay));

export const ofKind = (objects: K8sObject[], kind: string): K8sObject[] =>
  objects.filter((o) => o.kind === kind);

export function named(objects: K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
}

/** The resource files a kustomization lists, recursively through local bases. */
export function kustomizationResourceFiles(dir: string): string[] {
  const [kustomization] = readYamlFile(join(dir, 'kustomization.yaml')) as unknown as [
    { resources?: string[] },
  ];
  return (kustomization.resources ?? []).flatMap((resource) => {
    const path = join(dir, resource);
    return resource.endsWith('.yaml') || resource.endsWith('.yml')
      ? [path]
      : kustomizationResourceFiles(path);
  });
}
