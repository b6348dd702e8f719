export {
  signSessionToken,
  verifySessionToken,
  viewerFromAuthorization,
  type Viewer,
} from './sessionToken';
