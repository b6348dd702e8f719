import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Dispatcher } from 'undici';
import { startClientSpan } from '@gitforge/tracing';
import type { GitRequest } from '../protocol/parseGitRequest';
import { toUpstreamError, UpstreamError } from '../upstream/upstreamFailure';
import type { UpstreamPools } from '../upstream/upstreamPools';
import { BodyTooLargeError, countingStream } from './countingStream';
import { bodyTooLargeMessage } from './requestBodyLimit';
import { requestHeaders, responseHeaders } from './responseHeaders';

export interface ForwardOptions {
  pools: UpstreamPools;
  request: GitRequest;
  upstreamAuthorization?: string;
  requestId?: string;
  /**
   * Largest request body passed on (see `requestBodyLimit`), counted as it streams, so that a
   * chunked body (no Content-Length: what git sends for a push over `http.postBuffer`) is held
   * to it too; unlimited when unset.
   */
  maxRequestBytes?: number;
  onBytes: (direction: 'to_upstream' | 'to_client', bytes: number) => void;
  /** The request body to send instead of reading `req` (the push quota check read it already). */
  body?: Readable;
}

export type ForwardOutcome =
  | { kind: 'streamed'; status: number }
  /** Nothing was sent to the client yet: answer with this status and message. */
  | { kind: 'failed'; status: number; message: string; challenge?: boolean }
  /** The client went away, or the stream broke after the headers were sent. */
  | { kind: 'aborted'; status: number; error: unknown };

/**
 * Forwards one smart-HTTP request to the git host and streams the answer back. Both bodies
 * flow through `pipeline`, so a slow reader on either side pauses the other one (backpressure)
 * and at most a few socket buffers of a pack are ever in memory. A client that goes away
 * aborts the upstream request.
 */
export async function forwardGitRequest(
  req: IncomingMessage,
  res: ServerResponse,
  options: ForwardOptions,
): Promise<ForwardOutcome> {
  // Tracing on: one CLIENT span for the whole exchange, until the last byte reached the client.
  const method = options.request.endpoint === 'rpc' ? 'POST' : 'GET';
  const span = startClientSpan(`${method} git ${options.request.service}`, {
    'http.request.method': method,
    'git.service': options.request.service,
    'git.endpoint': options.request.endpoint,
  });
  if (!span) return forward(req, res, options, undefined);
  try {
    const outcome = await forward(req, res, options, span.headers);
    span.end({
      status: outcome.status,
      ...(outcome.kind === 'aborted' ? { error: outcome.error } : {}),
    });
    return outcome;
  } catch (error) {
    span.end({ error });
    throw error;
  }
}

async function forward(
  req: IncomingMessage,
  res: ServerResponse,
  options: ForwardOptions,
  traceHeaders: Record<string, string> | undefined,
): Promise<ForwardOutcome> {
  const { pools, request } = options;
  const abort = new AbortController();
  const onClose = () => {
    if (!res.writableFinished) abort.abort(new Error('client closed the connection'));
  };
  res.once('close', onClose);

  let uploadError: unknown;
  let body: NodeJS.ReadableStream | undefined;
  // undici's headers deadline runs while a slow client is still uploading its pack; ours
  // starts once the whole request body went out.
  let headersTimer: NodeJS.Timeout | undefined;
  let headersArrived = false;
  const headersTimedOut = new UpstreamError(504, 'The git host did not answer in time');
  if (request.endpoint === 'rpc') {
    const counter = countingStream(
      (n) => options.onBytes('to_upstream', n),
      options.maxRequestBytes,
    );
    // Not `pipeline`: an upstream failure must not destroy the client's socket before the
    // 502 is written. A client abort or the size limit destroys `counter`, which aborts the
    // upstream request.
    const source = options.body ?? req;
    source.pipe(counter);
    source.on('error', (err) => counter.destroy(err));
    counter.on('error', (err) => {
      uploadError = err;
    });
    counter.once('close', () => source.unpipe(counter));
    counter.once('end', () => {
      if (headersArrived) return;
      headersTimer = setTimeout(() => abort.abort(headersTimedOut), pools.options.headersTimeoutMs);
    });
    body = counter;
  }

  let response: Dispatcher.ResponseData;
  try {
    response = await pools.git.request({
      method: request.endpoint === 'rpc' ? 'POST' : 'GET',
      path: `${pools.basePath}${request.upstreamPath}`,
      headers: {
        ...requestHeaders(req.headers, options.upstreamAuthorization, options.requestId),
        ...traceHeaders,
      },
      body: body as Dispatcher.DispatchOptions['body'],
      signal: abort.signal,
      headersTimeout: body ? 0 : undefined,
    });
    headersArrived = true;
    clearTimeout(headersTimer);
  } catch (err) {
    clearTimeout(headersTimer);
    res.off('close', onClose);
    if (abort.signal.reason === headersTimedOut) {
      return { kind: 'failed', status: 504, message: headersTimedOut.message };
    }
    if (abort.signal.aborted) return { kind: 'aborted', status: 499, error: err };
    if (uploadError instanceof BodyTooLargeError) {
      const message = bodyTooLargeMessage(request.service, uploadError.limitBytes);
      return { kind: 'failed', status: 413, message };
    }
    const failure = toUpstreamError(err, `${request.service} ${request.endpoint}`);
    return { kind: 'failed', status: failure.status, message: failure.message };
  }

  if (response.statusCode === 401) {
    // Our gate let the request through, so the host disagrees about these credentials.
    await response.body.dump().catch(() => undefined);
    res.off('close', onClose);
    return options.upstreamAuthorization
      ? {
          kind: 'failed',
          status: 403,
          message: `The git host refused ${request.service} with these credentials (does the token have the repository scope?)`,
        }
      : { kind: 'failed', status: 401, message: 'Authentication required', challenge: true };
  }

  res.writeHead(response.statusCode, responseHeaders(response.headers));
  const counter = countingStream((n) => options.onBytes('to_client', n));
  try {
    await pipeline(response.body, counter, res);
    return { kind: 'streamed', status: response.statusCode };
  } catch (err) {
    res.destroy();
    const error = abort.signal.aborted ? err : toUpstreamError(err, 'streaming the answer');
    return { kind: 'aborted', status: response.statusCode, error };
  } finally {
    res.off('close', onClose);
  }
}
