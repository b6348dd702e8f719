import type { GroupSummary } from './report';

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A horizontal chart, one row per strategy/fault: a bar to the median RTO, a whisker to p95
 * and a tick at the max, on a log scale; the acknowledged writes lost are written beside it.
 */
export function rtoChart(summaries: readonly GroupSummary[]): string {
  const rowHeight = 26;
  const left = 280;
  const plotWidth = 520;
  const top = 40;
  const height = top + summaries.length * rowHeight + 50;
  const width = left + plotWidth + 190;
  const values = summaries.flatMap((s) => [s.rtoMedian, s.rtoMax]).filter((v) => v > 0);
  const lo = Math.floor(Math.log10(Math.max(0.01, Math.min(...values, 1))));
  const hi = Math.ceil(Math.log10(Math.max(...values, 10)));
  const x = (ms: number) =>
    left + ((Math.log10(Math.max(ms, 10 ** lo)) - lo) / Math.max(1, hi - lo)) * plotWidth;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${left}" y="20" font-size="14" font-weight="bold">Recovery time (ms, log scale): bar = median, whisker = p95, tick = max</text>`,
  ];
  for (let p = lo; p <= hi; p++) {
    const px = x(10 ** p);
    parts.push(
      `<line x1="${px}" y1="${top - 5}" x2="${px}" y2="${height - 40}" stroke="#ddd"/>`,
      `<text x="${px}" y="${height - 25}" text-anchor="middle">${10 ** p >= 1 ? 10 ** p : (10 ** p).toFixed(-p)}</text>`,
    );
  }
  summaries.forEach((s, i) => {
    const y = top + i * rowHeight;
    const lost = s.clientLost > 0 || s.serverLost > 0;
    parts.push(
      `<text x="${left - 8}" y="${y + 15}" text-anchor="end">${escape(`${s.strategy} / ${s.fault}`)}</text>`,
      `<rect x="${left}" y="${y + 4}" width="${Math.max(1, x(s.rtoMedian) - left)}" height="14" fill="${lost ? '#d9534f' : '#4a7bd0'}"/>`,
      `<line x1="${x(s.rtoMedian)}" y1="${y + 11}" x2="${x(s.rtoP95)}" y2="${y + 11}" stroke="black"/>`,
      `<line x1="${x(s.rtoMax)}" y1="${y + 4}" x2="${x(s.rtoMax)}" y2="${y + 18}" stroke="black"/>`,
      `<text x="${left + plotWidth + 10}" y="${y + 15}">${lost ? `lost ${s.clientLost} of ${s.acknowledged}` : `no loss (${s.acknowledged} acked)`}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
