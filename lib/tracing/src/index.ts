export { startTracing, type Tracing } from './startTracing';
export { tracingConfigFromEnv, type OtlpProtocol, type TracingConfig } from './tracingConfig';
export {
  currentTraceId,
  endServerSpan,
  startClientSpan,
  startServerSpan,
  startSqlSpan,
  traceSql,
  traceClientCall,
  tracingEnabled,
  withServerSpan,
  withoutTracing,
  type ClientSpan,
  type ServerSpan,
} from './spans';
