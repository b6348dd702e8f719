import type { ResilienceStatusQuery } from '../../gql/graphql';
import type { LiveMetrics } from './useLiveMetrics';

type Resilience = ResilienceStatusQuery['resilience'];

/** Active strategy, keys, replicas in sync and the last fault; live values win over the status. */
export function ResilienceSummary({
  resilience,
  latest,
}: {
  resilience: Resilience;
  latest: LiveMetrics['latest'];
}) {
  return (
    <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
      <div className="card p-3">
        <dt className="text-slate-500">Active strategy</dt>
        <dd className="font-semibold">{resilience.strategy}</dd>
      </div>
      <div className="card p-3">
        <dt className="text-slate-500">Keys</dt>
        <dd className="font-semibold">{latest?.keys ?? resilience.keys}</dd>
      </div>
      <div className="card p-3">
        <dt className="text-slate-500">Replicas in sync</dt>
        <dd className="font-semibold">
          {latest
            ? `${latest.replicasInSync} / ${latest.replicasTotal}`
            : `${resilience.replicas.filter((r) => r.state === 'IN_SYNC').length} / ${resilience.replicas.length}`}
        </dd>
      </div>
      <div className="card p-3">
        <dt className="text-slate-500">Last fault</dt>
        <dd className="font-semibold">{resilience.lastFault?.fault ?? 'none'}</dd>
      </div>
    </dl>
  );
}
