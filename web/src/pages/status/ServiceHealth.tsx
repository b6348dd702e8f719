import { useEffect, useState } from 'react';
import { ErrorState, Loading } from '../../components/states';
import { FiringAlerts, type AlertsReport } from './FiringAlerts';

export interface CheckResult {
  name: string;
  ok: boolean;
  detail?: string;
}

export interface ServiceStatus {
  name: string;
  status: 'ok' | 'unavailable' | 'unreachable';
  latencyMs: number;
  checks: CheckResult[];
  dependencies: CheckResult[];
  detail?: string;
}

export interface StatusReport {
  checkedAt: string;
  services: ServiceStatus[];
  /** Present when the gateway reads alerts from a Prometheus (PROMETHEUS_URL). */
  alerts?: AlertsReport;
}

/** The Gitea circuit breaker's state, from the repository subgraph's `gitea` dependency detail. */
export function circuitState(services: ServiceStatus[]): string | undefined {
  for (const service of services) {
    for (const dependency of service.dependencies) {
      const match = /circuit\s+([a-z-]+)/i.exec(dependency.detail ?? '');
      if (match?.[1]) return match[1].toLowerCase().replace('halfopen', 'half-open');
    }
  }
  return undefined;
}

async function fetchStatus(signal: AbortSignal): Promise<StatusReport> {
  const response = await fetch('/api/status', { signal, headers: { accept: 'application/json' } });
  if (response.ok) return (await response.json()) as StatusReport;
  // Without the status route, the gateway's own readiness still names every subgraph.
  const ready = await fetch('/health/ready', { signal });
  const report = (await ready.json()) as { status: string; checks: CheckResult[] };
  return {
    checkedAt: new Date().toISOString(),
    services: [
      {
        name: 'gateway',
        status: report.status === 'ok' ? 'ok' : 'unavailable',
        latencyMs: 0,
        checks: report.checks,
        dependencies: [],
      },
    ],
  };
}

/** Polls every few seconds while the page is open. */
export function useStatusReport(intervalMs = 5000) {
  const [report, setReport] = useState<StatusReport>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = () => {
      fetchStatus(controller.signal)
        .then(
          (next) => {
            setReport(next);
            setError(undefined);
          },
          (err: unknown) => {
            if (!controller.signal.aborted) setError(err);
          },
        )
        .finally(() => {
          if (!controller.signal.aborted) timer = setTimeout(poll, intervalMs);
        });
    };
    poll();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [intervalMs]);
  return { report, error };
}

const STATUS_STYLE: Record<ServiceStatus['status'], string> = {
  ok: 'bg-green-100 text-green-900',
  unavailable: 'bg-amber-100 text-amber-900',
  unreachable: 'bg-red-100 text-red-900',
};

const CIRCUIT_STYLE: Record<string, string> = {
  closed: 'bg-green-100 text-green-900',
  'half-open': 'bg-amber-100 text-amber-900',
  open: 'bg-red-100 text-red-900',
};

export function ServiceHealth() {
  const { report, error } = useStatusReport();
  if (!report && !error) return <Loading label="Checking services…" />;
  if (!report) return <ErrorState error={error} what="service health" />;
  const circuit = circuitState(report.services);
  return (
    <>
      {report.alerts && <FiringAlerts alerts={report.alerts} />}
      <section aria-labelledby="health-heading">
        <div className="mb-2 flex flex-wrap items-baseline gap-2">
          <h2 id="health-heading" className="text-lg font-semibold">
            Services
          </h2>
          <span className="text-xs text-slate-500">
            checked {new Date(report.checkedAt).toLocaleTimeString()}
          </span>
          {circuit && (
            <span
              className={`ml-auto rounded px-2 py-0.5 text-sm ${CIRCUIT_STYLE[circuit] ?? 'bg-slate-100'}`}
            >
              Git host circuit breaker: <strong>{circuit}</strong>
            </span>
          )}
        </div>
        {error !== undefined && (
          <p role="alert" className="mb-2 text-sm text-red-700">
            The last check failed; showing the previous one.
          </p>
        )}
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {report.services.map((service) => (
            <li
              key={service.name}
              className="card p-3"
              aria-label={`${service.name}: ${service.status}`}
            >
              <div className="flex items-center gap-2">
                <strong className="mr-auto">{service.name}</strong>
                <span
                  className={`rounded px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[service.status]}`}
                >
                  {service.status}
                </span>
              </div>
              <p className="mt-1 text-xs text-slate-500">
                {service.latencyMs} ms{service.detail ? ` · ${service.detail}` : ''}
              </p>
              {[...service.checks, ...service.dependencies].length > 0 && (
                <ul className="mt-2 space-y-0.5 text-xs">
                  {[...service.checks, ...service.dependencies].map((check) => (
                    <li key={check.name} className="flex gap-1">
                      <span aria-hidden="true">{check.ok ? '✔' : '✖'}</span>
                      <span className="sr-only">{check.ok ? 'ok' : 'failing'}</span>
                      <span className="font-medium">{check.name}</span>
                      {check.detail && (
                        <span className="truncate text-slate-500" title={check.detail}>
                          {check.detail}
                        </span>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
