import { loadSpec, type SwaggerOperation } from './loadSpec';

export interface MatchedOperation {
  method: string;
  template: string;
  operation: SwaggerOperation;
  pathParams: Record<string, string>;
}

interface CompiledPath {
  template: string;
  regex: RegExp;
  names: string[];
  literalSegments: number;
  literalChars: number;
}

// Path parameters that Gitea lets span several segments (file paths).
const MULTI_SEGMENT = new Set(['filepath']);

let compiled: CompiledPath[] | undefined;

function compile(): CompiledPath[] {
  const spec = loadSpec();
  return Object.keys(spec.paths)
    .map((template) => {
      const names: string[] = [];
      const pattern = template
        .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
        .replace(/\{(\w+)\}/g, (_m, name: string) => {
          names.push(name);
          return MULTI_SEGMENT.has(name) ? '(.+)' : '([^/]+)';
        });
      const literalSegments = template.split('/').filter((s) => s && !s.startsWith('{')).length;
      // Ties go to the template with more literal text: `/pulls/{index}.{diffType}` before `/pulls/{index}`.
      const literalChars = template.replace(/\{\w+\}/g, '').length;
      return { template, regex: new RegExp(`^${pattern}$`), names, literalSegments, literalChars };
    })
    .sort((a, b) => b.literalSegments - a.literalSegments || b.literalChars - a.literalChars);
}

/**
 * The spec operation a request addresses, given its method and its path below the base path
 * (`/repos/demo/hello`), or undefined when Gitea has no such operation.
 */
export function findOperation(method: string, path: string): MatchedOperation | undefined {
  compiled ??= compile();
  const spec = loadSpec();
  const verb = method.toLowerCase();
  for (const candidate of compiled) {
    const match = candidate.regex.exec(path);
    const operation = match && spec.paths[candidate.template]?.[verb];
    if (!match || !operation) continue;
    const pathParams: Record<string, string> = {};
    candidate.names.forEach((name, i) => {
      pathParams[name] = decodeURIComponent(match[i + 1] ?? '');
    });
    return { method: verb, template: candidate.template, operation, pathParams };
  }
  return undefined;
}
