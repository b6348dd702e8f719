import type { IncomingHttpHeaders } from 'node:http';
import {
  GIT_PROTOCOL_HEADER,
  isGitService,
  requestContentType,
  type GitService,
} from './gitServices';

/** A smart-HTTP request that passed every static check. */
export interface GitRequest {
  owner: string;
  repo: string;
  service: GitService;
  /** `info/refs` advertisement (GET) or the service RPC (POST). */
  endpoint: 'info-refs' | 'rpc';
  /** Path and query to request from the git host. */
  upstreamPath: string;
  gitProtocol?: string;
  contentEncoding?: 'gzip';
}

export interface Rejection {
  status: number;
  message: string;
  headers?: Record<string, string>;
}

export type ParsedGitRequest = { ok: true; request: GitRequest } | { ok: false; reject: Rejection };

/** Owner and repository names as Gitea allows them. */
const NAME = /^[A-Za-z0-9_.-]{1,100}$/;
const GIT_PATH = /^\/git\/([^/]+)\/([^/]+)\/(info\/refs|git-upload-pack|git-receive-pack)$/;

const reject = (status: number, message: string, headers?: Record<string, string>) =>
  ({ ok: false, reject: { status, message, headers } }) as const;

function decodeName(segment: string): string | undefined {
  try {
    const name = decodeURIComponent(segment);
    return NAME.test(name) && !name.includes('..') ? name : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The allow-list of Gitea's `githttp.go`, applied to the raw request before anything else:
 * `GET /git/{owner}/{repo}[.git]/info/refs?service=git-(upload|receive)-pack` and
 * `POST /git/{owner}/{repo}[.git]/git-(upload|receive)-pack` with the exact content type.
 */
export function parseGitRequest(
  method: string,
  rawUrl: string,
  headers: IncomingHttpHeaders,
): ParsedGitRequest {
  const queryAt = rawUrl.indexOf('?');
  const rawPath = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
  const query = new URLSearchParams(queryAt === -1 ? '' : rawUrl.slice(queryAt + 1));
  // Checked on the raw path: URL parsing would already have resolved `..` and `%2e%2e`.
  if (/(^|\/)(\.|%2e){2}(\/|$)/i.test(rawPath) || /%2f|%5c|\\/i.test(rawPath)) {
    return reject(400, 'Invalid repository path: path traversal is not allowed');
  }
  const match = GIT_PATH.exec(rawPath);
  if (!match) {
    return reject(
      404,
      'Not found: only smart HTTP is served (/git/{owner}/{repo}.git/info/refs, git-upload-pack, git-receive-pack)',
    );
  }
  const [, rawOwner = '', rawRepo = '', action = ''] = match;
  const owner = decodeName(rawOwner);
  const repo = decodeName(rawRepo.endsWith('.git') ? rawRepo.slice(0, -4) : rawRepo);
  if (!owner || !repo) {
    return reject(400, 'Invalid owner or repository name (letters, digits, ".", "_", "-")');
  }

  const rawProtocol = headers['git-protocol'];
  const gitProtocol = Array.isArray(rawProtocol) ? rawProtocol.join(', ') : rawProtocol;
  if (gitProtocol !== undefined && !GIT_PROTOCOL_HEADER.test(gitProtocol)) {
    return reject(400, 'Malformed Git-Protocol header (expected key=value[:key=value...])');
  }

  const base = `/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}.git`;
  if (action === 'info/refs') {
    if (method !== 'GET') {
      return reject(405, `Method ${method} not allowed on info/refs`, { allow: 'GET' });
    }
    const service = query.get('service');
    if (!isGitService(service)) {
      return reject(
        400,
        service === null
          ? 'Missing service: only smart HTTP is supported (service=git-upload-pack or git-receive-pack)'
          : `Unsupported service "${service}": only git-upload-pack and git-receive-pack are served`,
      );
    }
    return {
      ok: true,
      request: {
        owner,
        repo,
        service,
        endpoint: 'info-refs',
        upstreamPath: `${base}/info/refs?service=${service}`,
        gitProtocol,
      },
    };
  }

  const service = action as GitService;
  if (method !== 'POST') {
    return reject(405, `Method ${method} not allowed on ${service}`, { allow: 'POST' });
  }
  const expected = requestContentType(service);
  if (headers['content-type'] !== expected) {
    return reject(415, `Content-Type must be ${expected}`);
  }
  const encoding = headers['content-encoding']?.trim().toLowerCase();
  if (encoding !== undefined && encoding !== 'gzip' && encoding !== 'identity') {
    return reject(415, `Unsupported Content-Encoding "${encoding}" (only gzip is accepted)`);
  }
  return {
    ok: true,
    request: {
      owner,
      repo,
      service,
      endpoint: 'rpc',
      upstreamPath: `${base}/${service}`,
      gitProtocol,
      contentEncoding: encoding === 'gzip' ? 'gzip' : undefined,
    },
  };
}
