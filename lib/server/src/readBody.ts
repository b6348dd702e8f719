import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorCodes } from '@gitforge/errors';
import { sendJson } from './sendJson';

export class PayloadTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`Request body exceeds ${limitBytes} bytes`);
    this.name = 'PayloadTooLargeError';
  }
}

/** Reads the whole body, refusing (without buffering the rest) once it passes `limitBytes`. */
export async function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    req.resume();
    throw new PayloadTooLargeError(limitBytes);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) {
      req.resume();
      throw new PayloadTooLargeError(limitBytes);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const CHARSET = /charset\s*=\s*"?([^";\s]+)/i;
const JSON_BODY = /^application\/(graphql-response\+)?json/i;

/**
 * Reads the POST body of a GraphQL-over-HTTP request as Apollo Server expects it: parsed JSON
 * for a JSON content type, else the text. Answers 413 (over `maxBodyBytes`), 415 (a charset
 * other than UTF-8) and 400 (JSON that does not parse) itself and returns `undefined` then.
 * One reader for the gateway's route and the subgraphs' (`apolloRequestHandler`).
 */
export async function readGraphQLPostBody(
  req: IncomingMessage,
  res: ServerResponse,
  maxBodyBytes: number,
): Promise<{ body: unknown; json: boolean } | undefined> {
  let raw: Buffer;
  try {
    raw = await readBody(req, maxBodyBytes);
  } catch (err) {
    if (err instanceof PayloadTooLargeError) {
      graphqlError(res, errorCodes.PAYLOAD_TOO_LARGE.httpStatus, 'PAYLOAD_TOO_LARGE', err.message);
      return undefined;
    }
    throw err;
  }
  const contentType = req.headers['content-type'] ?? '';
  const charset = CHARSET.exec(contentType)?.[1];
  if (charset && !/^utf-?8$/i.test(charset)) {
    graphqlError(res, 415, 'BAD_REQUEST', `Unsupported charset "${charset}"`);
    return undefined;
  }
  if (!JSON_BODY.test(contentType)) return { body: raw.toString('utf8'), json: false };
  try {
    return { body: raw.length === 0 ? undefined : JSON.parse(raw.toString('utf8')), json: true };
  } catch {
    graphqlError(res, 400, 'BAD_REQUEST', 'Request body is not valid JSON');
    return undefined;
  }
}

/** A GraphQL error response with one coded error. */
function graphqlError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}
