export {
  signSessionToken,
  verifySessionToken,
  viewerFromAuthorization,
  UPSTREAM_TOKEN_CLAIM,
  SITE_ADMIN_CLAIM,
  SESSION_VERSION_CLAIM,
  UPSTREAM_TOKEN_ID_CLAIM,
  type SessionChecks,
  type SessionTokenOptions,
  type Viewer,
} from './sessionToken';
export {
  VerifiedSessionCache,
  verifiedSessions,
  type VerifiedSession,
  type VerifiedSessionCacheOptions,
} from './verifiedSessionCache';
export { encryptUpstreamToken, decryptUpstreamToken } from './upstreamToken';
export { isSiteAdmin, parseSiteAdmins } from './siteAdmin';
export { authorizationFromConnectionParams, sessionExpiresAt } from './connectionParams';
export {
  createSessionVersions,
  InProcessSessionVersions,
  RedisSessionVersions,
  type SessionVersions,
} from './sessionVersions';
export { DataDirSessionVersions } from './dataDirSessionVersions';
export {
  createLoginThrottle,
  LoginThrottle,
  DEFAULT_LOGIN_THROTTLE_POLICY,
  loginThrottleEnvModel,
  loginThrottlePolicyFromEnv,
  type LoginAttempt,
  type LoginThrottlePolicy,
  type ThrottleDecision,
} from './loginThrottle';
export { InProcessThrottleStore, type ThrottleRule, type ThrottleStore } from './throttleStore';
export { RedisThrottleStore } from './redisThrottleStore';
export { jwtSecretFromEnv, MIN_JWT_SECRET_BYTES, type JwtSecretEnv } from './jwtSecret';
export { signFeedToken, isFeedToken, FEED_TOKEN_SUBJECT, FEED_TOKEN_SCOPE } from './feedToken';
export {
  signServiceToken,
  serviceTokenCaller,
  QUOTA_SCOPE,
  SERVICE_TOKEN_ISSUER,
} from './serviceToken';
