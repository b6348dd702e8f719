import type { IncomingMessage, ServerResponse } from 'node:http';
import { serviceTokenCaller } from '@gitforge/auth';
import { sendJson } from './sendJson';
import type { Route } from './startServiceServer';

/**
 * `GET ${path}/{owner}` between services: answered only to a service token for `scope` signed
 * with the shared JWT secret (401 otherwise), with the owner URL-decoded (400 when it cannot be);
 * `answer` writes the response for that owner.
 */
export function serviceOwnerRoute(options: {
  path: string;
  scope: string;
  jwtSecret: string;
  answer: (owner: string, req: IncomingMessage, res: ServerResponse) => Promise<void>;
}): Route {
  const prefix = `${options.path}/`;
  return {
    name: `${options.path}/:owner`,
    methods: ['GET'],
    match: (pathname) => pathname.startsWith(prefix),
    handle: async (req, res, url) => {
      if (!serviceTokenCaller(options.jwtSecret, req.headers.authorization, options.scope)) {
        sendJson(res, 401, {
          error: `a service token with the ${options.scope} scope is required`,
        });
        return;
      }
      let owner: string;
      try {
        owner = decodeURIComponent(url.pathname.slice(prefix.length));
      } catch {
        sendJson(res, 400, { error: 'owner is not URL-encoded correctly' });
        return;
      }
      await options.answer(owner, req, res);
    },
  };
}
