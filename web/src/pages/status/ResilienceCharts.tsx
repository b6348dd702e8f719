import { InlineError } from '../../components/states';
import type { RecoveryFieldsFragment } from '../../gql/graphql';
import { BarChart, LineChart } from './charts';
import { SAMPLES, type LiveMetrics } from './useLiveMetrics';

/** Live write latency next to the RTO and acknowledged-writes-lost of recent recoveries. */
export function ResilienceCharts({
  metrics,
  recoveries,
}: {
  metrics: LiveMetrics;
  recoveries: RecoveryFieldsFragment[];
}) {
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <div className="card p-4">
        <LineChart
          title="Write latency (live)"
          unit="ms"
          capacity={SAMPLES}
          series={[
            { name: 'p50', color: '#0284c7', values: metrics.samples.map((s) => s.p50) },
            { name: 'p99', color: '#ea580c', values: metrics.samples.map((s) => s.p99) },
          ]}
        />
        {metrics.error && <InlineError error={metrics.error} />}
      </div>
      <div className="card space-y-4 p-4">
        <BarChart
          title="Recovery time (RTO)"
          unit="ms"
          bars={recoveries.map((r) => ({
            key: r.id,
            label: r.strategy.slice(0, 5),
            value: r.rtoMs,
            color: '#0284c7',
          }))}
        />
        <BarChart
          title="Acknowledged writes lost"
          unit="writes"
          bars={recoveries.map((r) => ({
            key: r.id,
            label: r.strategy.slice(0, 5),
            value: r.acknowledgedWritesLost,
            color: r.acknowledgedWritesLost > 0 ? '#dc2626' : '#16a34a',
          }))}
        />
      </div>
    </div>
  );
}
