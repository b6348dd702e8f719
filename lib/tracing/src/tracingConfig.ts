/** The OTLP/HTTP encodings an exporter here can speak. */
export type OtlpProtocol = 'http/json' | 'http/protobuf';

export interface TracingConfig {
  serviceName: string;
  protocol: OtlpProtocol;
  /** Where spans are sent: the traces endpoint as given, else `<endpoint>/v1/traces`. */
  url: string;
}

const PROTOCOLS: readonly string[] = ['http/json', 'http/protobuf'];

function set(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/**
 * Reads only the standard OpenTelemetry variables. Undefined (tracing off) when neither
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` nor `OTEL_EXPORTER_OTLP_ENDPOINT` is set, or when
 * `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none`. The headers, timeout, batch and
 * sampler variables are read by the SDK itself; `OTEL_SERVICE_NAME` overrides `defaultName`.
 */
export function tracingConfigFromEnv(
  defaultName: string,
  env: NodeJS.ProcessEnv = process.env,
): TracingConfig | undefined {
  if (set(env.OTEL_SDK_DISABLED)?.toLowerCase() === 'true') return undefined;
  if (set(env.OTEL_TRACES_EXPORTER)?.toLowerCase() === 'none') return undefined;
  const base = set(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  const url =
    set(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) ??
    (base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined);
  if (!url) return undefined;
  const protocol =
    set(env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL) ??
    set(env.OTEL_EXPORTER_OTLP_PROTOCOL) ??
    'http/protobuf';
  if (!PROTOCOLS.includes(protocol)) {
    throw new Error(
      `OTEL_EXPORTER_OTLP_PROTOCOL: "${protocol}" is not supported (use http/json or http/protobuf)`,
    );
  }
  return {
    serviceName: set(env.OTEL_SERVICE_NAME) ?? defaultName,
    protocol: protocol as OtlpProtocol,
    url,
  };
}
