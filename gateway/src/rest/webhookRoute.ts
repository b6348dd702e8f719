import { request } from 'undici';
import { classifyUpstreamError } from '@gitforge/errors';
import type { Logger } from '@gitforge/logging';
import { REQUEST_ID_HEADER, currentRequestId } from '@gitforge/logging';
import { PayloadTooLargeError, readBody, sendJson, type Route } from '@gitforge/server';

/** Headers Gitea signs and describes a delivery with; everything else stays at the gateway. */
const FORWARDED = [
  'content-type',
  'x-gitea-event',
  'x-gitea-delivery',
  'x-gitea-signature',
  'x-gitea-event-type',
];

/**
 * `POST /api/webhooks`: Gitea's push events, passed byte for byte (the signature covers the raw
 * body) to the repository subgraph, which verifies `X-Gitea-Signature` and answers 401 itself.
 */
export function webhookRoute(options: {
  /** The repository subgraph's webhook endpoint; undefined when that subgraph is not configured. */
  target: string | undefined;
  maxBodyBytes: number;
  timeoutMs: number;
  logger: Logger;
}): Route {
  return {
    name: '/api/webhooks',
    methods: ['POST'],
    match: (path) => path === '/api/webhooks',
    handle: async (req, res) => {
      if (!options.target) {
        sendJson(res, 404, {
          error: { code: 'NOT_FOUND', message: 'No repository service is configured' },
        });
        return;
      }
      let body: Buffer;
      try {
        body = await readBody(req, options.maxBodyBytes);
      } catch (err) {
        if (!(err instanceof PayloadTooLargeError)) throw err;
        sendJson(res, 413, { error: { code: 'PAYLOAD_TOO_LARGE', message: err.message } });
        return;
      }
      const headers: Record<string, string> = {};
      for (const name of FORWARDED) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const requestId = currentRequestId();
      if (requestId) headers[REQUEST_ID_HEADER] = requestId;
      try {
        const upstream = await request(options.target, {
          method: 'POST',
          headers,
          body,
          headersTimeout: options.timeoutMs,
          bodyTimeout: options.timeoutMs,
        });
        const text = await upstream.body.text();
        res.writeHead(upstream.statusCode, {
          'content-type': String(upstream.headers['content-type'] ?? 'application/json'),
        });
        res.end(text);
      } catch (err) {
        // The shared classification: a hung subgraph is 504, a refused or reset one 502.
        const failure = classifyUpstreamError('repository', err);
        options.logger.warn({ err, reason: failure.reason }, 'webhook forwarding failed');
        sendJson(res, failure.httpStatus, {
          error: {
            code: failure.code,
            message: 'The repository service is unavailable',
            upstream: failure.upstream,
            reason: failure.reason,
          },
        });
      }
    },
  };
}

/** Where the repository subgraph (by name in SUBGRAPH_URLS) takes Gitea webhooks. */
export function repositoryWebhookTarget(
  subgraphs: { name: string; url: string }[],
): string | undefined {
  const repository = subgraphs.find((s) => s.name === 'repository');
  return repository ? new URL('/webhooks/gitea', repository.url).toString() : undefined;
}
