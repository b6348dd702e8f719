import { useSubscription } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../../gql';

const MetricsSubscription = graphql(`
  subscription ResilienceMetricsFeed($intervalMs: Int!) {
    resilienceMetrics(intervalMs: $intervalMs) {
      at
      state
      strategy
      keys
      writesPerSecond
      writeLatencyP50Ms
      writeLatencyP99Ms
      replicasInSync
      replicasTotal
    }
  }
`);

/** How many samples the latency chart keeps (one a second). */
export const SAMPLES = 60;

export interface LatencySample {
  p50: number | null;
  p99: number | null;
}

/** The resilience layer's metrics, one sample a second, the last `SAMPLES` kept for the chart. */
export function useLiveMetrics() {
  const [samples, setSamples] = useState<LatencySample[]>([]);
  const { data, error } = useSubscription(MetricsSubscription, {
    variables: { intervalMs: 1000 },
    onData: ({ data: result }) => {
      const m = result.data?.resilienceMetrics;
      if (!m) return;
      setSamples((list) =>
        [...list, { p50: m.writeLatencyP50Ms, p99: m.writeLatencyP99Ms }].slice(-SAMPLES),
      );
    },
  });
  return { samples, latest: data?.resilienceMetrics, error };
}

export type LiveMetrics = ReturnType<typeof useLiveMetrics>;
