export {
  signSessionToken,
  verifySessionToken,
  viewerFromAuthorization,
  UPSTREAM_TOKEN_CLAIM,
  SITE_ADMIN_CLAIM,
  type SessionTokenOptions,
  type Viewer,
} from './sessionToken';
export { encryptUpstreamToken, decryptUpstreamToken } from './upstreamToken';
export { isSiteAdmin, parseSiteAdmins } from './siteAdmin';
export { authorizationFromConnectionParams, sessionExpiresAt } from './connectionParams';
