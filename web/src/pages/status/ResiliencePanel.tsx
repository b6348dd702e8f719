import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { useState } from 'react';
import { Link } from 'react-router';
import { useSession } from '../../auth/SessionProvider';
import { ErrorState, InlineError, Loading } from '../../components/states';
import { graphql } from '../../gql';
import type { FaultKind, RecoveryFieldsFragment, StrategyKind } from '../../gql/graphql';
import { BarChart, LineChart } from './charts';

export const RecoveryFields = graphql(`
  fragment RecoveryFields on RecoveryReport {
    id
    strategy
    fault
    completedAt
    recoveredFrom
    rtoMs
    acknowledgedWritesLost
    keysRecovered
  }
`);

const ResilienceStatusQuery = graphql(`
  query ResilienceStatus {
    resilience {
      state
      strategy
      activatedAt
      pid
      keys
      lastSeq
      acknowledgedKeys
      config {
        fsync
        quorum
        replicas
        snapshotEveryWrites
      }
      replicas {
        node
        pid
        state
        ackedSeq
      }
      lastFault {
        fault
        node
        at
        detail
      }
      recentRecoveries(limit: 20) {
        ...RecoveryFields
      }
    }
  }
`);

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

const EventsSubscription = graphql(`
  subscription ResilienceEventsFeed {
    resilienceEvents {
      __typename
      kind
      at
      strategy
      ... on RecoveryCompletedEvent {
        report {
          ...RecoveryFields
        }
      }
      ... on FaultInjectedEvent {
        fault
        detail
      }
    }
  }
`);

const SwitchStrategyMutation = graphql(`
  mutation SwitchStrategy($kind: StrategyKind!) {
    switchStrategy(kind: $kind) {
      from
      to
      keysMoved
      durationMs
    }
  }
`);

const InjectFailureMutation = graphql(`
  mutation InjectFailure($fault: FaultKind!) {
    injectFailure(fault: $fault) {
      fault
      detail
      needsRecovery
    }
  }
`);

const RecoverMutation = graphql(`
  mutation Recover {
    recover {
      ...RecoveryFields
    }
  }
`);

const StoreMutation = graphql(`
  mutation StoreSample($key: String!, $value: String!) {
    store(key: $key, value: $value) {
      key
    }
  }
`);

const STRATEGIES: StrategyKind[] = ['BASELINE', 'CHECKPOINTING', 'REPLICATION', 'HYBRID', 'SQL'];
const FAULTS: { kind: FaultKind; label: string }[] = [
  { kind: 'PROCESS_CRASH', label: 'Kill the service (SIGKILL)' },
  { kind: 'MEMORY_WIPE', label: 'Wipe memory' },
  { kind: 'REPLICA_CRASH', label: 'Kill a replica' },
  { kind: 'ALL_REPLICAS_CRASH', label: 'Kill every replica' },
  { kind: 'CORRUPT_SNAPSHOT', label: 'Corrupt the snapshot' },
  { kind: 'TORN_WAL_TAIL', label: 'Tear the log tail' },
];
const SAMPLES = 60;

interface Sample {
  p50: number | null;
  p99: number | null;
}

function useLiveMetrics() {
  const [samples, setSamples] = useState<Sample[]>([]);
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

export function ResiliencePanel() {
  const { session } = useSession();
  const status = useQuery(ResilienceStatusQuery);
  const metrics = useLiveMetrics();
  const [liveReports, setLiveReports] = useState<RecoveryFieldsFragment[]>([]);
  const [kind, setKind] = useState<StrategyKind>('CHECKPOINTING');
  const [message, setMessage] = useState('');
  const [switchStrategy, switching] = useMutation(SwitchStrategyMutation);
  const [inject, injecting] = useMutation(InjectFailureMutation);
  const [recover, recovering] = useMutation(RecoverMutation);
  const [store] = useMutation(StoreMutation);
  const [loadRunning, setLoadRunning] = useState(false);

  useSubscription(EventsSubscription, {
    onData: ({ data: result }) => {
      const event = result.data?.resilienceEvents;
      if (!event) return;
      if (event.__typename === 'RecoveryCompletedEvent') {
        const report = event.report;
        setLiveReports((list) => [...list.filter((r) => r.id !== report.id), report]);
      }
      void status.refetch();
    },
  });

  const resilience = status.data?.resilience;
  if (!resilience && status.loading) return <Loading label="Loading the resilience layer…" />;
  if (!resilience) {
    return (
      <section aria-labelledby="resilience-heading">
        <h2 id="resilience-heading" className="mb-2 text-lg font-semibold">
          Resilience
        </h2>
        <ErrorState
          error={status.error}
          what="the resilience layer"
          unavailableTitle="Resilience service unavailable"
          unavailableHint="It may be restarting after a PROCESS_CRASH fault: the supervisor brings it back within seconds."
          onRetry={() => void status.refetch()}
        />
      </section>
    );
  }

  const reports = [...resilience.recentRecoveries].reverse();
  for (const report of liveReports)
    if (!reports.some((r) => r.id === report.id)) reports.push(report);
  const recent = reports.slice(-12);
  const canControl = Boolean(session);
  const busy = switching.loading || injecting.loading || recovering.loading;
  const state = metrics.latest?.state ?? resilience.state;

  const runLoad = async () => {
    setLoadRunning(true);
    try {
      for (let i = 0; i < 50; i++) {
        await store({ variables: { key: `ui-${Date.now()}-${i % 10}`, value: String(i) } });
      }
      setMessage('Stored 50 writes');
    } catch (err) {
      setMessage(`Writes failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setLoadRunning(false);
    }
  };

  return (
    <section aria-labelledby="resilience-heading" className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="resilience-heading" className="mr-auto text-lg font-semibold">
          Resilience
        </h2>
        <span
          className={`rounded px-2 py-0.5 text-sm ${state === 'SERVING' ? 'bg-green-100 text-green-900' : 'bg-amber-100 text-amber-900'}`}
        >
          {state}
        </span>
      </div>
      <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
        <div className="card p-3">
          <dt className="text-slate-500">Active strategy</dt>
          <dd className="font-semibold">{resilience.strategy}</dd>
        </div>
        <div className="card p-3">
          <dt className="text-slate-500">Keys</dt>
          <dd className="font-semibold">{metrics.latest?.keys ?? resilience.keys}</dd>
        </div>
        <div className="card p-3">
          <dt className="text-slate-500">Replicas in sync</dt>
          <dd className="font-semibold">
            {metrics.latest
              ? `${metrics.latest.replicasInSync} / ${metrics.latest.replicasTotal}`
              : `${resilience.replicas.filter((r) => r.state === 'IN_SYNC').length} / ${resilience.replicas.length}`}
          </dd>
        </div>
        <div className="card p-3">
          <dt className="text-slate-500">Last fault</dt>
          <dd className="font-semibold">{resilience.lastFault?.fault ?? 'none'}</dd>
        </div>
      </dl>

      <div className="card space-y-4 p-4">
        {!canControl && (
          <p className="text-sm">
            <Link className="link" to="/login?next=/status">
              Sign in
            </Link>{' '}
            to switch strategies, inject faults and recover.
          </p>
        )}
        <form
          className="flex flex-wrap items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            switchStrategy({ variables: { kind } }).then(
              ({ data }) => {
                if (data) {
                  const s = data.switchStrategy;
                  setMessage(
                    `Switched ${s.from} → ${s.to}: ${s.keysMoved} keys moved in ${s.durationMs.toFixed(1)} ms`,
                  );
                }
                void status.refetch();
              },
              () => undefined,
            );
          }}
        >
          <label htmlFor="strategy" className="text-sm font-medium">
            Strategy
          </label>
          <select
            id="strategy"
            className="input w-auto py-1"
            value={kind}
            onChange={(e) => setKind(e.target.value as StrategyKind)}
          >
            {STRATEGIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <button
            type="submit"
            className="btn-primary"
            disabled={!canControl || busy || kind === resilience.strategy}
          >
            Switch
          </button>
          <button
            type="button"
            className="btn-secondary"
            disabled={!canControl || loadRunning}
            onClick={() => void runLoad()}
          >
            {loadRunning ? 'Writing…' : 'Write 50 keys'}
          </button>
        </form>
        <div>
          <p className="mb-2 text-sm font-medium" id="faults-label">
            Inject a fault
          </p>
          <div role="group" aria-labelledby="faults-label" className="flex flex-wrap gap-2">
            {FAULTS.map((fault) => (
              <button
                key={fault.kind}
                type="button"
                className="btn-danger"
                disabled={!canControl || busy}
                onClick={() =>
                  void inject({ variables: { fault: fault.kind } }).then(
                    ({ data }) => {
                      if (data)
                        setMessage(
                          `Injected ${data.injectFailure.fault}: ${data.injectFailure.detail}`,
                        );
                      void status.refetch();
                    },
                    () => undefined,
                  )
                }
              >
                {fault.label}
              </button>
            ))}
            <button
              type="button"
              className="btn-primary"
              disabled={!canControl || busy}
              onClick={() =>
                void recover().then(
                  ({ data }) => {
                    if (data) {
                      const r = data.recover;
                      setMessage(
                        `Recovered from ${r.recoveredFrom} in ${r.rtoMs.toFixed(1)} ms; ${r.acknowledgedWritesLost} acknowledged writes lost`,
                      );
                      setLiveReports((list) => [...list.filter((x) => x.id !== r.id), r]);
                    }
                    void status.refetch();
                  },
                  () => undefined,
                )
              }
            >
              Recover
            </button>
          </div>
        </div>
        <p role="status" aria-live="polite" className="text-sm text-slate-700">
          {message}
        </p>
        <InlineError error={switching.error ?? injecting.error ?? recovering.error} />
      </div>

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
            bars={recent.map((r) => ({
              key: r.id,
              label: r.strategy.slice(0, 5),
              value: r.rtoMs,
              color: '#0284c7',
            }))}
          />
          <BarChart
            title="Acknowledged writes lost"
            unit="writes"
            bars={recent.map((r) => ({
              key: r.id,
              label: r.strategy.slice(0, 5),
              value: r.acknowledgedWritesLost,
              color: r.acknowledgedWritesLost > 0 ? '#dc2626' : '#16a34a',
            }))}
          />
        </div>
      </div>

      {resilience.replicas.length > 0 && (
        <table className="card w-full text-sm">
          <caption className="p-2 text-left font-semibold">Replicas</caption>
          <thead className="bg-slate-50 text-left">
            <tr>
              <th scope="col" className="px-3 py-1">
                Node
              </th>
              <th scope="col" className="px-3 py-1">
                State
              </th>
              <th scope="col" className="px-3 py-1">
                PID
              </th>
              <th scope="col" className="px-3 py-1">
                Acked seq
              </th>
            </tr>
          </thead>
          <tbody>
            {resilience.replicas.map((replica) => (
              <tr key={replica.node} className="border-t border-slate-200">
                <td className="px-3 py-1">{replica.node}</td>
                <td className="px-3 py-1">{replica.state}</td>
                <td className="px-3 py-1">{replica.pid ?? '–'}</td>
                <td className="px-3 py-1">{replica.ackedSeq}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
