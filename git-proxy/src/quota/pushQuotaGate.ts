import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { GitRequest } from '../protocol/parseGitRequest';
import { BodyReader } from './bodyReader';
import {
  QuotaUnavailableError,
  type PushQuotaSource,
  type OwnerSizeQuota,
} from './pushQuotaSource';
import { receivePackRefusal } from './quotaRefusal';
import { parseReceivePackCommands, type ReceivePackCommands } from './receivePackCommands';

export interface PushQuotaOptions {
  source: PushQuotaSource;
  /** The push size limit (GIT_PROXY_MAX_PUSH_BYTES): no refused body is read past it. */
  maxPushBytes: number;
  /**
   * Most bytes of one chunked push held in memory while its size is unknown
   * (GIT_PROXY_QUOTA_BUFFER_BYTES); default 32 MiB. A larger push within a larger remaining
   * quota streams on, held to the quota as it streams.
   */
  maxBufferBytes?: number;
}

/** What a refused push is answered with (or the client went away meanwhile). */
export type PushQuotaRefusal =
  /** Answer 200 with this receive-pack result (git prints it and exits non-zero). */
  | { kind: 'refused'; response: Buffer; detail: string }
  /** The client went away, or sent more than the push size limit after a refusal. */
  | { kind: 'aborted'; error: unknown };

export interface PushWithinQuota {
  kind: 'forward';
  /** The whole body, when it was read to its end; else the request streams on. */
  body?: Readable;
  /** Most request bytes that may reach the git host: the command section plus the quota. */
  maxBytes: number;
  /** The refusal to answer when the stream went past `maxBytes` (its rest is read first). */
  overQuota(): Promise<PushQuotaRefusal>;
}

export type PushQuotaDecision = PushWithinQuota | PushQuotaRefusal;

const DEFAULT_MAX_BUFFER_BYTES = 32 * 1024 * 1024;

/** Enough for the command section of any real push (one pkt-line per ref, 65520 bytes at most each). */
const COMMANDS_MAX_BYTES = 1024 * 1024;

/** `812 KiB`, `3.4 MiB`, `1 GiB`: as people read sizes. */
function size(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : Number(value.toFixed(1))} ${units[unit]}`;
}

/**
 * The size quota of a push (issue 16), decided before anything reaches the git host: the owner's
 * quota is read (limits and usage, through the repository subgraph), then the push's size. A
 * declared Content-Length decides at once; a chunked body is read into memory up to the command
 * section plus the owner's remaining quota plus one byte (at most `maxBufferBytes`). A push over
 * the quota, or one whose quota cannot be read, gets a receive-pack result refusing every ref,
 * with a `remote:` line naming the quota. Only a chunked push larger than the buffer and within
 * a larger remaining quota streams before its size is known; held to the quota as it streams,
 * it is cut off past it (git-receive-pack updates no ref for an incomplete pack) and answered
 * with the same refusal.
 */
export async function checkPushQuota(
  req: IncomingMessage,
  request: GitRequest,
  giteaAuthorization: string | undefined,
  options: PushQuotaOptions,
): Promise<PushQuotaDecision> {
  const quota = options.source.sizeQuota(request.owner, giteaAuthorization).then(
    (value): OwnerSizeQuota | QuotaUnavailableError => value,
    (err: unknown) =>
      err instanceof QuotaUnavailableError ? err : new QuotaUnavailableError(String(err)),
  );
  const reader = new BodyReader(req);
  let commands: ReceivePackCommands | undefined;
  try {
    // A gzip body's commands are not read: it is counted whole, and refused without per-ref lines.
    if (request.contentEncoding !== 'gzip') {
      for (let want = 4096; !commands && !reader.ended; want *= 2) {
        await reader.fill(Math.min(want, COMMANDS_MAX_BYTES));
        commands = parseReceivePackCommands(reader.held());
        if (reader.length > COMMANDS_MAX_BYTES) break;
      }
    }
    const known = await quota;
    const refuse = (message: string, reason: string) =>
      refusal(reader, options, commands, message, reason);
    if (known instanceof QuotaUnavailableError) {
      return refuse(
        `GitForge: push refused: the repository size quota of ${request.owner} cannot be checked right now (${known.reason}); nothing was written, try again later`,
        'quota unavailable',
      );
    }
    const remaining = Math.max(0, known.maxSizeBytes - known.sizeBytes);
    const commandBytes = commands?.length ?? 0;
    const allowed = commandBytes + remaining;
    const overQuota = (total: number | undefined) =>
      refuse(
        `GitForge: push refused: it would take ${request.owner} over its repository size quota ` +
          `(${size(known.sizeBytes)} used of ${size(known.maxSizeBytes)}; this push ` +
          `${total === undefined ? `more than ${size(remaining)}` : size(total - commandBytes)}). ` +
          'Nothing was written: delete repositories or ask a site administrator for a larger quota.',
        'repository size quota exceeded',
      );
    const forward = (): PushWithinQuota => {
      // Read to its end already: forwarded from memory. Else what was read goes back in front
      // of the rest, and the forwarder counts it all again.
      const body = reader.ended ? Readable.from([reader.held()]) : undefined;
      if (!reader.ended && reader.length > 0) req.unshift(reader.held());
      return { kind: 'forward', body, maxBytes: allowed, overQuota: () => overQuota(undefined) };
    };
    // A declared length is all HTTP will deliver: decided now, nothing more held in memory.
    const declared = Number(req.headers['content-length']);
    if (Number.isSafeInteger(declared) && declared >= 0) {
      return declared > allowed ? overQuota(declared) : forward();
    }
    // Chunked: held until it ends, passes the quota, or fills the buffer.
    await reader.fill(Math.min(allowed, options.maxBufferBytes ?? DEFAULT_MAX_BUFFER_BYTES));
    if (reader.length <= allowed) return forward();
    return overQuota(reader.ended ? reader.length : undefined);
  } catch (error) {
    return { kind: 'aborted', error };
  }
}

async function refusal(
  reader: BodyReader,
  options: PushQuotaOptions,
  commands: ReceivePackCommands | undefined,
  message: string,
  reason: string,
): Promise<PushQuotaRefusal> {
  // git reads the answer once it has sent its body: read it to the end (discarding), within limits.
  const complete = await reader.discardRest(Math.max(0, options.maxPushBytes - reader.length));
  if (!complete) return { kind: 'aborted', error: new Error('push body over the size limit') };
  return {
    kind: 'refused',
    response: receivePackRefusal(commands, message, reason),
    detail: message,
  };
}
