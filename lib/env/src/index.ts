export { parseEnv, EnvError } from './parseEnv';
export { port, url, optionalUrl, bool, nodeEnv } from './fields';
export { loadOrCreateSecret } from './loadOrCreateSecret';
