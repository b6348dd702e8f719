import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { Link } from 'react-router';
import { InlineError } from '../../components/states';
import { graphql } from '../../gql';
import type { FaultKind, RecoveryFieldsFragment, StrategyKind } from '../../gql/graphql';

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

/** Why there are no controls: they act on the shared service, for site administrators only. */
export function ResilienceControlsNotice({ signedIn }: { signedIn: boolean }) {
  return (
    <p className="card p-4 text-sm">
      {signedIn ? (
        'Only site administrators can switch strategies, write the workload, inject faults and recover.'
      ) : (
        <>
          <Link className="link" to="/login?next=/status">
            Sign in
          </Link>{' '}
          as a site administrator to switch strategies, write the workload, inject faults and
          recover.
        </>
      )}
    </p>
  );
}

/** Switch strategy, write a burst of keys, inject a fault, recover; site administrators only. */
export function ResilienceControls(props: {
  activeStrategy: StrategyKind;
  /** Something changed on the server: refresh the status. */
  onChanged: () => void;
  onRecovered: (report: RecoveryFieldsFragment) => void;
}) {
  const { activeStrategy, onChanged, onRecovered } = props;
  const [kind, setKind] = useState<StrategyKind>('CHECKPOINTING');
  const [message, setMessage] = useState('');
  const [switchStrategy, switching] = useMutation(SwitchStrategyMutation);
  const [inject, injecting] = useMutation(InjectFailureMutation);
  const [recover, recovering] = useMutation(RecoverMutation);
  const [store] = useMutation(StoreMutation);
  const [loadRunning, setLoadRunning] = useState(false);
  const busy = switching.loading || injecting.loading || recovering.loading;

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
    <div className="card space-y-4 p-4">
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
              onChanged();
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
        <button type="submit" className="btn-primary" disabled={busy || kind === activeStrategy}>
          Switch
        </button>
        <button
          type="button"
          className="btn-secondary"
          disabled={loadRunning}
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
              disabled={busy}
              onClick={() =>
                void inject({ variables: { fault: fault.kind } }).then(
                  ({ data }) => {
                    if (data)
                      setMessage(
                        `Injected ${data.injectFailure.fault}: ${data.injectFailure.detail}`,
                      );
                    onChanged();
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
            disabled={busy}
            onClick={() =>
              void recover().then(
                ({ data }) => {
                  if (data) {
                    const r = data.recover;
                    setMessage(
                      `Recovered from ${r.recoveredFrom} in ${r.rtoMs.toFixed(1)} ms; ${r.acknowledgedWritesLost} acknowledged writes lost`,
                    );
                    onRecovered(r);
                  }
                  onChanged();
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
  );
}
