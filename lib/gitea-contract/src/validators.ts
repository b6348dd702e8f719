import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { loadSpec } from './loadSpec';

/**
 * Gitea's definitions list every property but mark none required and allow extra ones. In
 * strict mode each object schema is closed (`additionalProperties: false`), so a response
 * carrying a field Gitea would never send (or a misspelt one) fails validation.
 */
function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = closeObjects(v);
  if (out.type === 'object' && out.properties && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  return out;
}

let ajv: Ajv | undefined;
const cache = new Map<string, ValidateFunction>();

function instance(): Ajv {
  if (ajv) return ajv;
  const spec = loadSpec();
  ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('uint64', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && n >= 0,
  });
  ajv.addFormat('uint32', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && n >= 0,
  });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addFormat('binary', { type: 'string', validate: () => true });
  ajv.addSchema({ $id: 'gitea', definitions: closeObjects(spec.definitions) });
  return ajv;
}

/** A compiled validator for a swagger schema (with `#/definitions/...` refs). */
export function validatorFor(schema: object): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = cache.get(key);
  if (!validate) {
    const rewritten = JSON.parse(
      key.replace(/"#\/definitions\//g, '"gitea#/definitions/'),
    ) as object;
    validate = instance().compile(closeObjects(rewritten) as object);
    cache.set(key, validate);
  }
  return validate;
}

export function formatAjvErrors(validate: ValidateFunction): string[] {
  return (validate.errors ?? []).map((e) =>
    `${e.instancePath || '(root)'} ${e.message ?? ''}`.trim(),
  );
}
