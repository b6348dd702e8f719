import { useQuery, useSubscription } from '@apollo/client/react';
import { useState } from 'react';
import { useSession } from '../../auth/SessionProvider';
import { ErrorState, Loading } from '../../components/states';
import { graphql } from '../../gql';
import type { RecoveryFieldsFragment } from '../../gql/graphql';
import { ReplicaTable } from './ReplicaTable';
import { ResilienceCharts } from './ResilienceCharts';
import { ResilienceControls, ResilienceControlsNotice } from './ResilienceControls';
import { ResilienceSummary } from './ResilienceSummary';
import { useLiveMetrics } from './useLiveMetrics';

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
      viewerCanAdminister
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

/** The resilience layer on the status page: state, controls, live latency, recovery reports. */
export function ResiliencePanel() {
  const { session } = useSession();
  const status = useQuery(ResilienceStatusQuery);
  const metrics = useLiveMetrics();
  const [liveReports, setLiveReports] = useState<RecoveryFieldsFragment[]>([]);
  const addReport = (report: RecoveryFieldsFragment) =>
    setLiveReports((list) => [...list.filter((r) => r.id !== report.id), report]);

  useSubscription(EventsSubscription, {
    onData: ({ data: result }) => {
      const event = result.data?.resilienceEvents;
      if (!event) return;
      if (event.__typename === 'RecoveryCompletedEvent') addReport(event.report);
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
  const state = metrics.latest?.state ?? resilience.state;

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
      <ResilienceSummary resilience={resilience} latest={metrics.latest} />
      {resilience.viewerCanAdminister ? (
        <ResilienceControls
          activeStrategy={resilience.strategy}
          onChanged={() => void status.refetch()}
          onRecovered={addReport}
        />
      ) : (
        <ResilienceControlsNotice signedIn={Boolean(session)} />
      )}
      <ResilienceCharts metrics={metrics} recoveries={reports.slice(-12)} />
      <ReplicaTable replicas={resilience.replicas} />
    </section>
  );
}
