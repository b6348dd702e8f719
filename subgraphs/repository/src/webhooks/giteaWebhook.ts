import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@gitforge/logging';
import { PayloadTooLargeError, readBody, sendJson } from '@gitforge/server';
import type { RepositoryCache } from '../services/RepositoryCache';
import { changeOfWebhook, type RepositoryChangePublisher } from './repositoryChanges';

export const WEBHOOK_PATH = '/webhooks/gitea';
const SIGNATURE = /^[0-9a-f]{64}$/i;

/** `X-Gitea-Signature`: hex HMAC-SHA256 of the raw body with the hook's secret, compared in constant time. */
export function verifyGiteaSignature(
  secret: string,
  rawBody: Buffer,
  header: string | undefined,
): boolean {
  if (!header || !SIGNATURE.test(header)) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(header, 'hex'));
}

export function signGiteaPayload(secret: string, rawBody: Buffer | string): string {
  return createHmac('sha256', secret).update(rawBody).digest('hex');
}

export interface WebhookOptions {
  secret: string;
  cache: RepositoryCache;
  logger: Logger;
  /** Tells every replica and the issues subgraph (deletion, visibility) over the bus. */
  changes?: RepositoryChangePublisher;
  maxBodyBytes?: number;
  onEvent?: (event: string, repository: string | undefined) => void;
}

function repositoryOf(payload: unknown): string | undefined {
  const repo = (payload as { repository?: { full_name?: unknown } } | null)?.repository;
  return typeof repo?.full_name === 'string' ? repo.full_name : undefined;
}

/**
 * `POST /webhooks/gitea` (the gateway forwards `POST /api/webhooks` here): a signed push or
 * repository event makes the cache forget that repository, so the next read sees the push,
 * and is published as a repository change (a `repository` event with action `deleted` deletes
 * the repository's issues in the issues subgraph).
 */
export function giteaWebhookHandler(
  options: WebhookOptions,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    let raw: Buffer;
    try {
      raw = await readBody(req, options.maxBodyBytes ?? 5 * 1024 * 1024);
    } catch (err) {
      if (err instanceof PayloadTooLargeError) {
        sendJson(res, 413, { error: err.message });
        return;
      }
      throw err;
    }
    const signature = req.headers['x-gitea-signature'];
    if (
      !verifyGiteaSignature(
        options.secret,
        raw,
        typeof signature === 'string' ? signature : undefined,
      )
    ) {
      options.logger.warn('webhook with a missing or wrong signature refused');
      sendJson(res, 401, { error: 'Invalid signature' });
      return;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(raw.toString('utf8'));
    } catch {
      sendJson(res, 400, { error: 'Body is not JSON' });
      return;
    }
    const eventHeader = req.headers['x-gitea-event'];
    const event = typeof eventHeader === 'string' ? eventHeader : 'unknown';
    const repository = repositoryOf(payload);
    let invalidated = 0;
    if (
      repository &&
      (event === 'push' || event === 'repository' || event === 'create' || event === 'delete')
    ) {
      invalidated = options.cache.invalidate(repository);
    }
    const change = changeOfWebhook(event, payload);
    if (change) await options.changes?.publish(change);
    options.onEvent?.(event, repository);
    options.logger.info({ event, repository, invalidated }, 'webhook received');
    sendJson(res, 200, { ok: true, event, repository: repository ?? null });
  };
}
