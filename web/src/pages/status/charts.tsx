export interface Series {
  name: string;
  /** A Tailwind-independent colour, so the SVG needs no stylesheet. */
  color: string;
  values: (number | null)[];
}

const WIDTH = 600;

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const steps = [1, 2, 2.5, 5, 10];
  return (steps.find((s) => s * magnitude >= value) ?? 10) * magnitude;
}

function format(value: number): string {
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** A small line chart over the last samples (one x step per sample). */
export function LineChart({
  title,
  unit,
  series,
  capacity,
  height = 160,
}: {
  title: string;
  unit: string;
  series: Series[];
  capacity: number;
  height?: number;
}) {
  const max = niceMax(
    Math.max(0, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null))),
  );
  const x = (i: number) => 40 + (i / Math.max(1, capacity - 1)) * (WIDTH - 50);
  const y = (v: number) => 10 + (1 - v / max) * (height - 30);
  const latest = series
    .map((s) => {
      const last = [...s.values].reverse().find((v) => v !== null);
      return `${s.name} ${last == null ? 'no data' : `${format(last)} ${unit}`}`;
    })
    .join(', ');
  return (
    <figure className="min-w-0">
      <figcaption className="mb-1 text-sm font-semibold">{title}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        className="h-auto w-full"
        role="img"
        aria-label={`${title}: ${latest}`}
      >
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line x1={40} x2={WIDTH - 10} y1={y(max * f)} y2={y(max * f)} stroke="#e2e8f0" />
            <text x={36} y={y(max * f) + 4} textAnchor="end" fontSize="10" fill="#64748b">
              {format(max * f)}
            </text>
          </g>
        ))}
        {series.map((s) => {
          const segments: string[][] = [[]];
          s.values.forEach((v, i) => {
            if (v === null) segments.push([]);
            else segments[segments.length - 1]!.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
          });
          return segments
            .filter((points) => points.length > 0)
            .map((points, index) => (
              <polyline
                key={`${s.name}-${index}`}
                points={points.join(' ')}
                fill="none"
                stroke={s.color}
                strokeWidth={2}
              />
            ));
        })}
        <text x={WIDTH - 10} y={height - 4} textAnchor="end" fontSize="10" fill="#64748b">
          {unit}, last {capacity} s
        </text>
      </svg>
      <div className="mt-1 flex flex-wrap gap-3 text-xs" aria-hidden="true">
        {series.map((s) => (
          <span key={s.name} className="flex items-center gap-1">
            <span className="inline-block h-2 w-3 rounded" style={{ backgroundColor: s.color }} />
            {s.name}
          </span>
        ))}
      </div>
    </figure>
  );
}

export interface Bar {
  key: string;
  label: string;
  value: number;
  color: string;
}

/** Vertical bars, one per item (e.g. per recovery), with the value written above each. */
export function BarChart({
  title,
  unit,
  bars,
  height = 160,
}: {
  title: string;
  unit: string;
  bars: Bar[];
  height?: number;
}) {
  const max = niceMax(Math.max(0, ...bars.map((b) => b.value)));
  const slot = (WIDTH - 50) / Math.max(bars.length, 1);
  const barWidth = Math.min(40, slot * 0.7);
  return (
    <figure className="min-w-0">
      <figcaption className="mb-1 text-sm font-semibold">{title}</figcaption>
      {bars.length === 0 ? (
        <p className="rounded border border-dashed border-slate-300 p-4 text-center text-sm text-slate-500">
          No recoveries yet: inject a fault, then recover.
        </p>
      ) : (
        <svg
          viewBox={`0 0 ${WIDTH} ${height}`}
          className="h-auto w-full"
          role="img"
          aria-label={`${title}: ${bars.map((b) => `${b.label} ${format(b.value)} ${unit}`).join(', ')}`}
        >
          <line x1={40} x2={WIDTH - 10} y1={height - 20} y2={height - 20} stroke="#cbd5e1" />
          {bars.map((bar, i) => {
            const h = (bar.value / max) * (height - 45);
            const cx = 45 + slot * i + slot / 2;
            return (
              <g key={bar.key}>
                <rect
                  x={cx - barWidth / 2}
                  y={height - 20 - h}
                  width={barWidth}
                  height={Math.max(h, 1)}
                  fill={bar.color}
                  rx={2}
                />
                <text x={cx} y={height - 24 - h} textAnchor="middle" fontSize="10" fill="#0f172a">
                  {format(bar.value)}
                </text>
                <text x={cx} y={height - 6} textAnchor="middle" fontSize="9" fill="#64748b">
                  {bar.label}
                </text>
              </g>
            );
          })}
        </svg>
      )}
    </figure>
  );
}
