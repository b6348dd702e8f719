import { createHmac, randomUUID } from 'node:crypto';
import type { Logger } from '@gitforge/logging';
import type { HookRecord } from '../store/records';

export interface DeliveryOptions {
  timeoutMs: number;
  /** Attempts in all, the first included. */
  attempts: number;
  /** Wait before the second attempt; doubles after each failure. */
  backoffMs: number;
}

export const DEFAULT_DELIVERY: DeliveryOptions = { timeoutMs: 5000, attempts: 3, backoffMs: 500 };

/** Hex HMAC-SHA256 of the JSON payload with the hook secret (`X-Gitea-Signature`). */
export function signPayload(body: string, secret: string): string {
  return secret ? createHmac('sha256', secret).update(body).digest('hex') : '';
}

/**
 * Delivers webhooks the way Gitea does (headers, signature, pretty JSON or form body), in the
 * background with a timeout and a few retries; close() abandons what is still in flight.
 */
export class WebhookDeliverer {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly stopped = new AbortController();

  constructor(
    private readonly logger: Logger,
    private readonly options: DeliveryOptions = DEFAULT_DELIVERY,
    private readonly onOutcome: (outcome: 'delivered' | 'rejected' | 'failed') => void = () => {},
  ) {}

  /** `eventType` is Gitea's X-Gitea-Event-Type when it differs from the event (pull requests). */
  deliver(hook: HookRecord, event: string, payload: object, eventType = event): void {
    const delivery = this.send(hook, event, payload, eventType).catch((err: unknown) =>
      this.logger.error({ err, hook: hook.id }, 'webhook delivery crashed'),
    );
    this.inFlight.add(delivery);
    void delivery.finally(() => this.inFlight.delete(delivery));
  }

  private async send(
    hook: HookRecord,
    event: string,
    payload: object,
    eventType: string,
  ): Promise<void> {
    const json = JSON.stringify(payload, null, 2);
    const body = hook.contentType === 'form' ? `payload=${encodeURIComponent(json)}` : json;
    // Like Gitea, the signature covers the JSON payload, for form deliveries too.
    const signature = signPayload(json, hook.secret);
    const sha1 = hook.secret ? createHmac('sha1', hook.secret).update(json).digest('hex') : '';
    const id = randomUUID();
    const headers: Record<string, string> = {
      'content-type':
        hook.contentType === 'form' ? 'application/x-www-form-urlencoded' : 'application/json',
      'user-agent': 'GitForge-githost',
      'x-gitea-delivery': id,
      'x-gitea-event': event,
      'x-gitea-event-type': eventType,
      'x-gitea-signature': signature,
      'x-gogs-delivery': id,
      'x-gogs-event': event,
      'x-gogs-event-type': eventType,
      'x-gogs-signature': signature,
      'x-github-delivery': id,
      'x-github-event': event,
      'x-github-event-type': eventType,
      'x-hub-signature': sha1 ? `sha1=${sha1}` : '',
      'x-hub-signature-256': signature ? `sha256=${signature}` : '',
    };
    if (hook.authorizationHeader) headers.authorization = hook.authorizationHeader;
    let wait = this.options.backoffMs;
    for (let attempt = 1; attempt <= this.options.attempts; attempt += 1) {
      if (this.stopped.signal.aborted) return;
      const outcome = await this.attempt(hook.url, headers, body);
      const log = { hook: hook.id, delivery: id, attempt, event, outcome };
      if (outcome === 'delivered') {
        this.logger.info(log, 'webhook delivered');
        this.onOutcome('delivered');
        return;
      }
      if (outcome === 'rejected') {
        this.logger.warn(log, 'webhook rejected by its receiver');
        this.onOutcome('rejected');
        return;
      }
      this.logger.warn(log, 'webhook delivery failed');
      if (attempt < this.options.attempts) await this.sleep(wait);
      wait *= 2;
    }
    this.onOutcome('failed');
  }

  /**
   * 'delivered', 'rejected' (a 4xx other than 408/429: final, retrying would not change the
   * answer) or why the attempt failed.
   */
  private async attempt(
    url: string,
    headers: Record<string, string>,
    body: string,
  ): Promise<string> {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.any([this.stopped.signal, AbortSignal.timeout(this.options.timeoutMs)]),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return 'delivered';
      const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
      return retryable ? `status ${res.status}` : 'rejected';
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.stopped.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  }

  async close(): Promise<void> {
    this.stopped.abort();
    await Promise.allSettled([...this.inFlight]);
  }
}
