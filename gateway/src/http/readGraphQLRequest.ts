import type { IncomingMessage, ServerResponse } from 'node:http';
import { readGraphQLPostBody } from '@gitforge/server';

/** A GraphQL-over-HTTP request the fast path can serve (anything else goes to Apollo). */
export interface GraphQLHttpRequest {
  method: 'GET' | 'POST';
  query?: string;
  operationName?: string;
  variables?: Record<string, unknown>;
  extensions?: Record<string, unknown>;
  /** Set by the allow-list when the request named a listed operation by id (no body). */
  listedQuery?: string;
}

/** What was read: the body (for Apollo) and, when well-formed and ordinary, the request. */
export interface ReadRequest {
  /** The parsed POST body as Apollo Server expects it (undefined for GET). */
  body: unknown;
  /** Undefined: let Apollo Server answer (it produces the exact error for odd requests). */
  request?: GraphQLHttpRequest;
}

const JSON_ESSENCE = /^\s*application\/json\s*(;|$)/i;
const CSRF_HEADERS = ['x-apollo-operation-name', 'apollo-require-preflight'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads `/graphql` requests as `apolloRequestHandler` does (413 over `maxBodyBytes`, 415 for a
 * charset other than UTF-8, 400 for a JSON body that does not parse; those are answered here and
 * `undefined` returned), and picks out the ordinary ones: POST with a JSON object, or GET that
 * passes Apollo's CSRF prevention, with well-typed fields.
 */
export async function readGraphQLRequest(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  maxBodyBytes: number,
): Promise<ReadRequest | undefined> {
  const contentType = req.headers['content-type'];
  if (req.method === 'POST') {
    const read = await readGraphQLPostBody(req, res, maxBodyBytes);
    if (!read) return undefined;
    return read.json ? { body: read.body, request: fromPostBody(read.body) } : { body: read.body };
  }
  if (req.method !== 'GET') return { body: undefined };
  // Apollo's CSRF prevention: a JSON content type, or a header a simple request cannot carry.
  const preflighted =
    contentType === undefined
      ? CSRF_HEADERS.some((h) => (req.headers[h]?.length ?? 0) > 0)
      : JSON_ESSENCE.test(contentType);
  return { body: undefined, request: preflighted ? fromSearch(url.searchParams) : undefined };
}

function fromPostBody(body: unknown): GraphQLHttpRequest | undefined {
  if (!isRecord(body)) return undefined;
  const { query, operationName, variables, extensions } = body;
  if (query !== undefined && (typeof query !== 'string' || query === '')) return undefined;
  if (
    operationName !== undefined &&
    operationName !== null &&
    (typeof operationName !== 'string' || operationName === '')
  ) {
    return undefined;
  }
  if (variables !== undefined && variables !== null && !isRecord(variables)) return undefined;
  if (extensions !== undefined && extensions !== null && !isRecord(extensions)) return undefined;
  return {
    method: 'POST',
    query,
    operationName: operationName ?? undefined,
    variables: variables ?? undefined,
    extensions: extensions ?? undefined,
  };
}

function fromSearch(params: URLSearchParams): GraphQLHttpRequest | undefined {
  const once = (name: string): string | undefined | false => {
    const values = params.getAll(name);
    if (values.length > 1) return false;
    return values[0];
  };
  const query = once('query');
  const operationName = once('operationName');
  const variables = once('variables');
  const extensions = once('extensions');
  if (query === false || operationName === false || variables === false || extensions === false) {
    return undefined;
  }
  if (query === '' || operationName === '') return undefined;
  let parsedVariables: unknown;
  let parsedExtensions: unknown;
  try {
    parsedVariables = variables === undefined ? undefined : JSON.parse(variables);
    parsedExtensions = extensions === undefined ? undefined : JSON.parse(extensions);
  } catch {
    return undefined;
  }
  if (parsedVariables !== undefined && !isRecord(parsedVariables)) return undefined;
  if (parsedExtensions !== undefined && !isRecord(parsedExtensions)) return undefined;
  return {
    method: 'GET',
    query,
    operationName,
    variables: parsedVariables,
    extensions: parsedExtensions,
  };
}
