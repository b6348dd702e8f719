import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Route } from '@gitforge/server';
import type { Authenticator } from '../auth/authenticate';
import { readCredentials } from '../auth/readCredentials';
import { streamBlob } from '../api/streamBlob';
import { GithostError } from '../services/GithostError';
import { cleanRepoPath } from '../services/repoPath';
import type { RepositoryService } from '../services/RepositoryService';
import type { UserService } from '../services/UserService';

export interface WebDeps {
  auth: Authenticator;
  users: UserService;
  repos: RepositoryService;
}

const RAW = /^\/([^/]+)\/([^/]+)\/raw\/(branch|tag|commit)\/(.+)$/;
const AVATAR = /^\/avatars\/([0-9a-f]{32})$/;

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(`${body}\n`);
}

/**
 * The two non-API URLs that API responses link to: `download_url`
 * (`/{owner}/{repo}/raw/{branch|tag|commit}/{ref}/{path}`) and `avatar_url` (a generated SVG).
 */
export function createWebRoutes(deps: WebDeps): Route[] {
  const raw: Route = {
    name: '/{owner}/{repo}/raw/*',
    methods: ['GET'],
    match: (pathname) => RAW.test(pathname),
    handle: async (req, res, url) => {
      const [, owner = '', name = '', kind = '', rest = ''] = RAW.exec(url.pathname) ?? [];
      const auth = await deps.auth.authenticate(readCredentials(req, url));
      if (auth.kind === 'invalid') return text(res, 401, 'Unauthorized');
      let segments: string[];
      let ownerName: string;
      let repoName: string;
      try {
        segments = rest.split('/').map(decodeURIComponent);
        ownerName = decodeURIComponent(owner);
        repoName = decodeURIComponent(name);
      } catch {
        return text(res, 404, 'Not found');
      }
      try {
        const viewer = auth.kind === 'user' ? auth.viewer : null;
        const { repo } = deps.repos.findReadable(viewer, ownerName, repoName);
        const git = deps.repos.git(repo);
        // Branch and tag names may contain slashes: the shortest existing prefix names the ref.
        for (let i = 1; i < segments.length; i += 1) {
          const refName = segments.slice(0, i).join('/');
          const resolved = await git.resolveCommit(refName);
          if (!resolved || resolved.kind !== kind) continue;
          const path = cleanRepoPath(segments.slice(i).join('/'));
          const entry = path ? await git.stat(resolved.sha, path) : undefined;
          if (entry?.type === 'blob') return await streamBlob(req, res, git, entry);
        }
        return text(res, 404, 'Not found');
      } catch (err) {
        if (err instanceof GithostError) return text(res, 404, 'Not found');
        throw err;
      }
    },
  };
  const avatar: Route = {
    name: '/avatars/{hash}',
    methods: ['GET'],
    match: (pathname) => AVATAR.test(pathname),
    handle: async (_req, res, url) => {
      const hash = AVATAR.exec(url.pathname)?.[1] ?? '';
      res.writeHead(200, {
        'content-type': 'image/svg+xml',
        'cache-control': 'public, max-age=86400',
      });
      res.end(identicon(hash));
    },
  };
  return [raw, avatar];
}

/** A 5×5 symmetric identicon from the e-mail hash, like Gitea's default avatars. */
function identicon(hash: string): string {
  const bytes = createHash('sha256').update(hash).digest();
  const hue = ((bytes[0] ?? 0) * 360) / 256;
  const cells: string[] = [];
  for (let y = 0; y < 5; y += 1) {
    for (let x = 0; x < 3; x += 1) {
      if (((bytes[1 + y * 3 + x] ?? 0) & 1) === 0) continue;
      for (const cx of new Set([x, 4 - x])) {
        cells.push(`<rect x="${cx * 20 + 10}" y="${y * 20 + 10}" width="20" height="20"/>`);
      }
    }
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120" viewBox="0 0 120 120">` +
    `<rect width="120" height="120" fill="#f0f0f0"/>` +
    `<g fill="hsl(${hue.toFixed(0)},55%,50%)">${cells.join('')}</g></svg>`
  );
}
