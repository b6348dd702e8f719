/** An owner's quota as the API gives it to the owner (null for everyone else). */
export interface Quota {
  maxRepositories: number;
  maxSizeBytes: number;
  repositoryCount: number;
  sizeBytes: number;
}

const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'];

/** 12 MB, 1 GB, 1.5 GB: binary multiples (1 GB = 1024³ bytes, as the quota defaults), short. */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (unit === 0) return `${value} ${value === 1 ? 'byte' : 'bytes'}`;
  const rounded = value >= 10 ? Math.round(value) : Math.round(value * 10) / 10;
  return `${rounded} ${UNITS[unit]}`;
}

/** "3 of 100 repositories, 12 MB of 1 GB" */
export function describeQuota(quota: Quota): string {
  return `${quota.repositoryCount} of ${quota.maxRepositories} repositories, ${formatBytes(quota.sizeBytes)} of ${formatBytes(quota.maxSizeBytes)}`;
}

function Meter({ label, value, max }: { label: string; value: number; max: number }) {
  const ratio = max > 0 ? Math.min(1, value / max) : 1;
  return (
    <div
      role="meter"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={Math.min(value, max)}
      className="h-1.5 w-full overflow-hidden rounded-full bg-slate-200"
    >
      <div
        className={`h-full ${ratio >= 0.9 ? 'bg-red-600' : 'bg-sky-600'}`}
        style={{ width: `${ratio * 100}%` }}
      />
    </div>
  );
}

/** The owner's usage: shown only when the API gave a quota (to the owner, org owners, admins). */
export function QuotaUsage({ quota }: { quota: Quota | null | undefined }) {
  if (!quota) return null;
  return (
    <section aria-labelledby="quota-heading" className="card space-y-2 p-4 text-sm">
      <h2 id="quota-heading" className="font-semibold">
        Usage
      </h2>
      <p>{describeQuota(quota)}</p>
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <p aria-hidden="true" className="mb-1 text-xs text-slate-500">
            Repositories
          </p>
          <Meter label="Repositories" value={quota.repositoryCount} max={quota.maxRepositories} />
        </div>
        <div>
          <p aria-hidden="true" className="mb-1 text-xs text-slate-500">
            Storage
          </p>
          <Meter label="Storage" value={quota.sizeBytes} max={quota.maxSizeBytes} />
        </div>
      </div>
    </section>
  );
}
