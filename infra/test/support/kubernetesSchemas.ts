import { join } from 'node:path';
import ts from 'typescript';
import type { K8sObject } from './manifests';

/** `apps/v1` -> `kubernetes-models/apps/v1`, `v1` -> `kubernetes-models/v1`. */
const modelModule = (apiVersion: string): string => `kubernetes-models/${apiVersion}`;

/**
 * Secret data as the API server decodes it: Go's base64 decoder skips line breaks, and
 * kustomize folds long values over several lines.
 */
function withGoBase64(object: K8sObject): K8sObject {
  if (object.kind !== 'Secret' || !object.data) return object;
  const data = Object.fromEntries(
    Object.entries(object.data).map(([key, value]) => [key, value.replace(/[\r\n]/g, '')]),
  );
  return { ...object, data };
}

/**
 * Validates one object against the Kubernetes OpenAPI schema compiled into kubernetes-models
 * (types, formats, required fields, enums). Unknown fields are not reported there: see
 * `unknownFieldErrors`.
 */
export async function schemaErrors(object: K8sObject): Promise<string[]> {
  let models: Record<string, new (data: unknown) => { validate(): void }>;
  try {
    models = await import(modelModule(object.apiVersion));
  } catch {
    return [`no schema for apiVersion ${object.apiVersion}`];
  }
  const Model = models[object.kind];
  if (!Model) return [`no schema for ${object.apiVersion} ${object.kind}`];
  try {
    new Model(withGoBase64(object)).validate();
    return [];
  } catch (err) {
    return [(err as Error).message];
  }
}

const declarationCache = new Map<string, ts.SourceFile>();

/**
 * Type-checks every object as a TypeScript literal of its kubernetes-models interface, which is
 * what the API server's strict field validation does: a misspelt or misplaced field
 * (`readinessprobe`, `spec.containers[0].port`) is an excess property, a wrong enum value or
 * type is an assignability error. Returns one message per problem, prefixed with `labels[i]`.
 */
export function unknownFieldErrors(objects: K8sObject[], labels: string[]): string[] {
  const fileName = join(__dirname, '__manifests__.ts');
  const lines: string[] = [];
  const ownerOfLine: number[] = [];
  objects.forEach((object, index) => {
    lines.push(
      `import type { I${object.kind} as T${index} } from '${modelModule(object.apiVersion)}/${object.kind}';`,
    );
    ownerOfLine.push(index);
  });
  objects.forEach((object, index) => {
    lines.push(`export const m${index}: T${index} = ${JSON.stringify(object)};`);
    ownerOfLine.push(index);
  });
  const source = lines.join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, languageVersion, ...rest) => {
    if (name === fileName) return ts.createSourceFile(name, source, languageVersion, true);
    // The kubernetes-models declarations are parsed once per test file, not once per check.
    let parsed = declarationCache.get(name);
    if (!parsed) {
      parsed = getSourceFile(name, languageVersion, ...rest);
      if (parsed) declarationCache.set(name, parsed);
    }
    return parsed;
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === fileName || fileExists(name);
  const program = ts.createProgram([fileName], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === fileName)
    .map((d) => {
      const line = d.file!.getLineAndCharacterOfPosition(d.start ?? 0).line;
      const label = labels[ownerOfLine[line] ?? -1] ?? 'manifest';
      return `${label}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
    });
}
