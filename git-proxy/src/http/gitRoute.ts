import type { IncomingMessage, ServerResponse } from 'node:http';
import { currentRequestId, setOperationName, type Logger } from '@gitforge/logging';
import type { LoginThrottle, SessionVersions } from '@gitforge/auth';
import { clientAddress, type Route, type TrustedProxies } from '@gitforge/server';
import { forwardGitRequest } from '../forward/forwardGitRequest';
import { peekBody } from '../forward/peekBody';
import type { StreamBufferReclaimer } from '../forward/reclaimStreamBuffers';
import { declaredBodyTooLarge, requestBodyLimit } from '../forward/requestBodyLimit';
import { authenticate, type Identity } from '../gate/authenticate';
import { authorize } from '../gate/authorize';
import type { CredentialCache } from '../gate/CredentialCache';
import { outcomeOf, type GitOperationOutcome, type GitProxyMetrics } from '../gitProxyMetrics';
import { parseGitRequest, type GitRequest } from '../protocol/parseGitRequest';
import {
  checkPushQuota,
  type PushQuotaOptions,
  type PushWithinQuota,
} from '../quota/pushQuotaGate';
import { answerQuotaRefusal } from '../quota/sendReceivePackResult';
import type { GiteaApi } from '../upstream/GiteaApi';
import { UpstreamError } from '../upstream/upstreamFailure';
import type { UpstreamPools } from '../upstream/upstreamPools';
import { CHALLENGE, sendText } from './sendText';

export interface GitRouteOptions {
  pools: UpstreamPools;
  api: GiteaApi;
  cache: CredentialCache;
  jwtSecret: string;
  throttle: LoginThrottle;
  sessions?: SessionVersions;
  /** Whose X-Forwarded-For names the client (TRUSTED_PROXIES); else the socket address. */
  trustedProxies: TrustedProxies;
  maxUploadPackRequestBytes: number;
  /** Largest push (git-receive-pack body); default 2 GiB as GitHub. */
  maxPushBytes?: number;
  /** Owner size quotas: pushes are checked before anything is forwarded. Unset: not checked. */
  pushQuota?: PushQuotaOptions;
  metrics: GitProxyMetrics;
  reclaimer: StreamBufferReclaimer;
  logger: Logger;
}

type Outcome = {
  status: number;
  login?: string;
  detail?: string;
  /** Where the status alone does not say it (a quota refusal is a 200). */
  outcome?: GitOperationOutcome;
};

/**
 * `/git/...`: static allow-list, then the gate (authentication and the permission rule),
 * then the body check; only then is anything sent to the git host.
 */
export function gitRoute(options: GitRouteOptions): Route {
  const { metrics, logger } = options;
  return {
    name: '/git',
    match: (pathname) => pathname === '/git' || pathname.startsWith('/git/'),
    handle: async (req, res) => {
      const started = process.hrtime.bigint();
      const method = req.method ?? 'GET';
      const parsed = parseGitRequest(method, req.url ?? '/', req.headers);
      const service = parsed.ok ? parsed.request.service : 'none';
      if (parsed.ok) setOperationName(service);
      const outcome: Outcome = parsed.ok
        ? await serve(req, res, parsed.request, options)
        : reply(req, res, parsed.reject.status, parsed.reject.message, parsed.reject.headers);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const endpoint = parsed.ok ? parsed.request.endpoint : 'invalid';
      metrics.operations.inc({ service, outcome: outcome.outcome ?? outcomeOf(outcome.status) });
      metrics.duration.observe({ service, endpoint }, seconds);
      const target = parsed.ok ? `${parsed.request.owner}/${parsed.request.repo}` : undefined;
      // `service` is the log's own field (git-proxy): the git service gets another name.
      const line = { method, target, gitService: service, endpoint, ...outcome };
      const ms = Math.round(seconds * 1000);
      if (outcome.status >= 500) logger.warn({ ...line, ms }, 'git request failed');
      else logger.info({ ...line, ms }, 'git request');
    },
  };
}

function reply(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  message: string,
  headers?: Record<string, string>,
): Outcome {
  sendText(req, res, status, message, headers);
  return { status, detail: message };
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  request: GitRequest,
  options: GitRouteOptions,
): Promise<Outcome> {
  const tooLarge = declaredBodyTooLarge(request.service, req.headers, options);
  if (tooLarge) return reply(req, res, 413, tooLarge);
  let identity: Identity;
  try {
    const client = clientAddress(req, options.trustedProxies);
    const auth = await authenticate(req.headers.authorization, client, options);
    if (!auth.ok) {
      const headers: Record<string, string> =
        auth.status === 429
          ? { 'retry-after': String(auth.retryAfterSeconds) }
          : { 'www-authenticate': CHALLENGE };
      return reply(req, res, auth.status, auth.message, headers);
    }
    identity = auth.identity;
    const decision = await authorize(options.api, identity, request);
    if (!decision.allow) {
      const login = identity.kind === 'user' ? identity.login : undefined;
      const status = { challenge: 401, 'not-found': 404, forbidden: 403 }[decision.reason];
      const headers: Record<string, string> =
        decision.reason === 'challenge' ? { 'www-authenticate': CHALLENGE } : {};
      return { ...reply(req, res, status, decision.message, headers), login };
    }
  } catch (err) {
    if (!(err instanceof UpstreamError)) throw err;
    return reply(req, res, err.status, err.message);
  }
  const login = identity.kind === 'user' ? identity.login : undefined;

  if (request.endpoint === 'rpc') {
    let start: Awaited<ReturnType<typeof peekBody>>;
    try {
      start = await peekBody(req);
    } catch (err) {
      return { status: 499, login, detail: `client aborted the request: ${String(err)}` };
    }
    const expected = request.contentEncoding === 'gzip' ? 'gzip' : 'pkt-line';
    if (start.kind !== expected) {
      const message =
        start.kind === 'empty'
          ? `Empty ${request.service} request body`
          : expected === 'gzip'
            ? `The ${request.service} request body is not gzip data (Content-Encoding: gzip)`
            : `The ${request.service} request body is not a git pkt-line stream`;
      return { ...reply(req, res, 400, message), login };
    }
  }

  let quota: PushWithinQuota | undefined;
  if (options.pushQuota && request.service === 'git-receive-pack' && request.endpoint === 'rpc') {
    const upstreamAuthorization =
      identity.kind === 'user' ? identity.upstreamAuthorization : undefined;
    const decision = await checkPushQuota(req, request, upstreamAuthorization, options.pushQuota);
    if (decision.kind !== 'forward') return { ...answerQuotaRefusal(res, decision), login };
    quota = decision;
  }
  const maxRequestBytes = requestBodyLimit(request.service, options);

  const outcome = await forwardGitRequest(req, res, {
    pools: options.pools,
    request,
    upstreamAuthorization: identity.kind === 'user' ? identity.upstreamAuthorization : undefined,
    requestId: currentRequestId(),
    maxRequestBytes: Math.min(maxRequestBytes, quota?.maxBytes ?? Infinity),
    body: quota?.body,
    onBytes: (direction, bytes) => {
      options.metrics.bytesStreamed.inc({ direction, service: request.service }, bytes);
      options.reclaimer.streamed(bytes);
    },
  });
  switch (outcome.kind) {
    case 'streamed':
      return { status: outcome.status, login };
    case 'failed': {
      // A push that streamed past its owner's quota was cut off before the git host finished it.
      if (quota && outcome.status === 413 && quota.maxBytes < maxRequestBytes) {
        return { ...answerQuotaRefusal(res, await quota.overQuota()), login };
      }
      const headers: Record<string, string> = outcome.challenge
        ? { 'www-authenticate': CHALLENGE }
        : {};
      return { ...reply(req, res, outcome.status, outcome.message, headers), login };
    }
    case 'aborted':
      return { status: outcome.status, login, detail: String(outcome.error) };
  }
}
