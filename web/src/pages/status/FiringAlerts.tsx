/** What `GET /api/status` says of Prometheus's alerts, when the gateway has a PROMETHEUS_URL. */
export interface AlertsReport {
  /** false: Prometheus could not be read (`detail` says why); `firing` is then empty. */
  ok: boolean;
  firing: FiringAlert[];
  detail?: string;
}

export interface FiringAlert {
  name: string;
  severity: string;
  summary: string;
  since: string | null;
}

const SEVERITY_STYLE: Record<string, string> = {
  critical: 'bg-red-100 text-red-900',
  warning: 'bg-amber-100 text-amber-900',
  info: 'bg-sky-100 text-sky-900',
};

/** The alerts firing now, most severe first; shown on the status page. */
export function FiringAlerts({ alerts }: { alerts: AlertsReport }) {
  return (
    <section aria-labelledby="alerts-heading" className="mb-4">
      <h2 id="alerts-heading" className="mb-2 text-lg font-semibold">
        Alerts
      </h2>
      {!alerts.ok ? (
        <p role="alert" className="text-sm text-red-700">
          Alerts are unknown: {alerts.detail ?? 'Prometheus could not be read'}.
        </p>
      ) : alerts.firing.length === 0 ? (
        <p className="text-sm text-green-800">No alerts firing.</p>
      ) : (
        <ul className="space-y-2">
          {alerts.firing.map((alert, i) => (
            <li
              key={`${alert.name}-${i}`}
              className="card flex flex-wrap items-baseline gap-2 p-3"
              aria-label={`${alert.severity} alert ${alert.name}`}
            >
              <span
                className={`rounded px-2 py-0.5 text-xs font-medium ${SEVERITY_STYLE[alert.severity] ?? 'bg-slate-100'}`}
              >
                {alert.severity}
              </span>
              <strong>{alert.name}</strong>
              <span className="text-sm">{alert.summary}</span>
              {alert.since && (
                <span className="ml-auto text-xs text-slate-500">
                  since {new Date(alert.since).toLocaleTimeString()}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
