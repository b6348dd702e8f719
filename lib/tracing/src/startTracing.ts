import type * as OtlpJson from '@opentelemetry/exporter-trace-otlp-http';
import type * as OtlpProto from '@opentelemetry/exporter-trace-otlp-proto';
import type * as Resources from '@opentelemetry/resources';
import type * as SdkBase from '@opentelemetry/sdk-trace-base';
import type * as SdkNode from '@opentelemetry/sdk-trace-node';
import { enableSpans } from './spans';
import { tracingConfigFromEnv, type TracingConfig } from './tracingConfig';

export interface Tracing {
  /** False when no OTLP endpoint is set: nothing was loaded and nothing is traced. */
  enabled: boolean;
  config?: TracingConfig;
  /** Exports the spans still buffered and stops; resolves at once when tracing is off. */
  shutdown(): Promise<void>;
}

const OFF: Tracing = { enabled: false, shutdown: async () => {} };

let started: Tracing | undefined;

/**
 * Starts tracing for this process from the standard OTEL_* variables (see `tracingConfigFromEnv`);
 * call it first thing in `main`. Without an endpoint it loads no SDK and installs nothing.
 * Spans leave in batches over OTLP/HTTP (JSON or protobuf); the SDK reads the endpoint,
 * headers and `OTEL_TRACES_SAMPLER`/`OTEL_TRACES_SAMPLER_ARG` (default `parentbased_always_on`).
 */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): Tracing {
  if (started) return started;
  const config = tracingConfigFromEnv(serviceName, env);
  if (!config) {
    started = OFF;
    return started;
  }
  // Required only here (the imports above are types): with tracing off none is ever loaded.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node') as typeof SdkNode;
  const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base') as typeof SdkBase;
  const { defaultResource, detectResources, envDetector, resourceFromAttributes } =
    require('@opentelemetry/resources') as typeof Resources;
  const { OTLPTraceExporter } =
    config.protocol === 'http/json'
      ? (require('@opentelemetry/exporter-trace-otlp-http') as typeof OtlpJson)
      : (require('@opentelemetry/exporter-trace-otlp-proto') as typeof OtlpProto);
  /* eslint-enable @typescript-eslint/no-require-imports */
  const provider = new NodeTracerProvider({
    // `OTEL_RESOURCE_ATTRIBUTES` is kept; the service name is ours unless OTEL_SERVICE_NAME is set.
    resource: defaultResource()
      .merge(detectResources({ detectors: [envDetector] }))
      .merge(resourceFromAttributes({ 'service.name': config.serviceName })),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: config.url }))],
  });
  // The AsyncLocalStorage context manager and the W3C trace-context and baggage propagators.
  provider.register();
  enableSpans(provider.getTracer('gitforge'));
  started = {
    enabled: true,
    config,
    shutdown: async () => {
      enableSpans(undefined);
      await provider.shutdown();
    },
  };
  return started;
}
