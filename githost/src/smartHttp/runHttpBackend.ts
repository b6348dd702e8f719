import { spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { Logger } from '@gitforge/logging';
import { gitEnv } from '../git/runGit';
import { parseCgiHead } from './cgiResponse';

export interface HttpBackendRequest {
  req: IncomingMessage;
  res: ServerResponse;
  /** Absolute path of `git-http-backend`. */
  backend: string;
  projectRoot: string;
  /** Path below the project root, e.g. `/demo/hello.git/info/refs`. */
  pathInfo: string;
  query: string;
  remoteUser?: string;
  gitProtocol?: string;
  /** Directory with githost's own git hooks (post-receive records ref updates). */
  hooksDir: string;
  /** File the post-receive hook appends `<old> <new> <ref>` lines to. */
  pushLog?: string;
  /**
   * Runs once the backend has exited, before the response ends: what it does (recording a push)
   * is visible to the client as soon as its git command returns.
   */
  beforeEnd?: (exitCode: number | null) => Promise<void>;
  /** Counts the bytes of the response as they stream. */
  onBytes?: (bytes: number) => void;
  logger: Logger;
}

const MAX_HEAD_BYTES = 64 * 1024;

/**
 * Runs `git http-backend` as a CGI: the request body streams into it (inflated on the way when
 * gzip-encoded), its output streams back after the CGI header block. Packs are never buffered.
 * Resolves with the backend's exit code once the response has ended.
 */
export async function runHttpBackend(r: HttpBackendRequest): Promise<number | null> {
  const { req, res } = r;
  const gzip = (req.headers['content-encoding'] ?? '').toLowerCase() === 'gzip';
  const env: Record<string, string> = {
    GIT_PROJECT_ROOT: r.projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    PATH_INFO: r.pathInfo,
    QUERY_STRING: r.query,
    REQUEST_METHOD: req.method ?? 'GET',
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    REMOTE_ADDR: req.socket.remoteAddress ?? '',
    GIT_CONFIG_COUNT: '3',
    GIT_CONFIG_KEY_0: 'http.receivepack',
    GIT_CONFIG_VALUE_0: 'true',
    GIT_CONFIG_KEY_1: 'core.hooksPath',
    GIT_CONFIG_VALUE_1: r.hooksDir,
    GIT_CONFIG_KEY_2: 'uploadpack.allowFilter',
    GIT_CONFIG_VALUE_2: 'true',
  };
  // The inflated length is unknown; without CONTENT_LENGTH the backend reads to EOF.
  const length = req.headers['content-length'];
  if (length && !gzip) env.CONTENT_LENGTH = length;
  if (r.remoteUser) env.REMOTE_USER = r.remoteUser;
  if (r.gitProtocol) env.GIT_PROTOCOL = r.gitProtocol;
  if (r.pushLog) env.GITHOST_PUSH_LOG = r.pushLog;

  const child = spawn(r.backend, [], { env: gitEnv(env), stdio: 'pipe' });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  res.once('close', () => {
    if (!res.writableFinished) kill();
  });
  child.on('error', (err) => r.logger.error({ err }, 'git http-backend failed to start'));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < 8192) stderr += chunk.toString('utf8');
  });

  const input = (async () => {
    try {
      if (gzip) await pipeline(req, createGunzip(), child.stdin);
      else await pipeline(req, child.stdin);
    } catch (err) {
      r.logger.warn({ err }, 'git request body ended abnormally');
      kill();
    }
  })();

  const output = new Promise<void>((resolve) => {
    let head = Buffer.alloc(0);
    const fail = (status: number, message: string) => {
      if (!res.headersSent) {
        res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(message);
      } else {
        res.destroy();
      }
    };
    const onHeadData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const parsed = parseCgiHead(head);
      if (!parsed) {
        if (head.length > MAX_HEAD_BYTES) {
          child.stdout.off('data', onHeadData);
          kill();
          fail(502, 'git http-backend sent an invalid response');
        }
        return;
      }
      child.stdout.off('data', onHeadData);
      res.writeHead(parsed.status, parsed.headers.flat());
      res.write(head.subarray(parsed.bodyStart));
      child.stdout.pipe(res, { end: false });
    };
    child.stdout.on('data', onHeadData);
    if (r.onBytes) child.stdout.on('data', (chunk: Buffer) => r.onBytes?.(chunk.length));
    child.once('close', (code) => {
      if (!res.headersSent) fail(500, 'git http-backend failed\n');
      void (async () => {
        try {
          await r.beforeEnd?.(code);
        } catch (err) {
          r.logger.error({ err }, 'after git http-backend');
        }
        if (!res.writableEnded) res.end();
        resolve();
      })();
    });
  });

  const [code] = await Promise.all([exited, input, output]);
  if (code !== 0)
    r.logger.warn({ code, stderr: stderr.trim() }, 'git http-backend exited abnormally');
  return code;
}
