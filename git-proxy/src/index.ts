export { createGitProxy, type GitProxyOptions, type RunningGitProxy } from './createGitProxy';
export { parseGitProxyEnv, upstreamUrlFromEnv, type GitProxyEnv } from './env';
