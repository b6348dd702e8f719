export {
  signSessionToken,
  verifySessionToken,
  viewerFromAuthorization,
  UPSTREAM_TOKEN_CLAIM,
  type SessionTokenOptions,
  type Viewer,
} from './sessionToken';
export { encryptUpstreamToken, decryptUpstreamToken } from './upstreamToken';
export { authorizationFromConnectionParams, sessionExpiresAt } from './connectionParams';
