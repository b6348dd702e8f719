export { parseEnv, upstreamFields, EnvError } from './parseEnv';
export {
  port,
  positiveInt,
  defaultPorts,
  url,
  optionalUrl,
  upstreamUrl,
  upstreamRegistry,
  redisKeyPrefix,
  bool,
  nodeEnv,
  type PortVariable,
  type UpstreamMeta,
} from './fields';
export { loadOrCreateSecret } from './loadOrCreateSecret';
