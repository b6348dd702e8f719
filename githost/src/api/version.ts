import type { ApiCall } from './ApiRoute';
import { sendJson } from './apiHttp';

/** The Gitea API version githost follows, with build metadata saying what answers. */
export const SERVER_VERSION = '1.21.1+githost';

/** GET /version (getVersion): clients use it as a reachability probe. */
export async function getVersion(call: ApiCall): Promise<void> {
  sendJson(call.res, 200, { version: SERVER_VERSION });
}
