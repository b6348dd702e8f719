/**
 * An SVG flame graph of a `.cpuprofile`, without any network or external tool: stacks grow
 * bottom-up, each box is as wide as the time sampled in it and everything it called, labelled
 * `functionName (file:line)` cut to fit, coloured by package (hover shows the full label).
 *
 *   node -r @swc-node/register bench/profile/renderProfiles.ts <dir of .cpuprofile files>
 */
import type { Frame, PackageFamily } from './profileTree';

export const FAMILY_COLOURS: Record<PackageFamily, { hue: number; name: string }> = {
  apollo: { hue: 270, name: '@apollo/*' },
  graphql: { hue: 330, name: 'graphql' },
  'mikro-orm': { hue: 200, name: '@mikro-orm/*' },
  node: { hue: 120, name: 'node internals' },
  v8: { hue: 0, name: 'V8 (GC, program, native)' },
  ours: { hue: 35, name: 'GitForge code' },
  deps: { hue: 55, name: 'other dependencies' },
};

export interface FlameGraphOptions {
  title: string;
  width?: number;
  /** Boxes narrower than this many pixels are left out (they could not be seen). */
  minWidthPx?: number;
}

const ROW = 16;
const CHAR_PX = 6.6;
const TOP = 44;

export function renderFlameGraph(root: Frame, options: FlameGraphOptions): string {
  const width = options.width ?? 1600;
  const minWidthPx = options.minWidthPx ?? 0.5;
  const scale = root.total > 0 ? width / root.total : 0;
  const boxes: { frame: Frame; x: number; depth: number; w: number }[] = [];
  let maxDepth = 0;
  const place = (frame: Frame, x: number, depth: number) => {
    const w = frame.total * scale;
    if (w < minWidthPx) return;
    boxes.push({ frame, x, depth, w });
    maxDepth = Math.max(maxDepth, depth);
    let childX = x;
    for (const child of frame.children) {
      place(child, childX, depth + 1);
      childX += child.total * scale;
    }
  };
  place(root, 0, 0);
  const height = TOP + (maxDepth + 1) * ROW + 24;
  const y = (depth: number) => height - 24 - (depth + 1) * ROW;
  const rects = boxes.map(({ frame, x, depth, w }) => {
    const share = root.total > 0 ? (100 * frame.total) / root.total : 0;
    const title = `${frame.label} — ${frame.pkg}, ${share.toFixed(2)}% total, ${(
      (100 * frame.self) /
      Math.max(root.total, 1)
    ).toFixed(2)}% self`;
    const text = fitLabel(frame.label, w);
    return (
      `<g><title>${escapeXml(title)}</title>` +
      `<rect x="${x.toFixed(1)}" y="${y(depth)}" width="${w.toFixed(1)}" height="${ROW - 1}" fill="${colour(frame)}"/>` +
      (text
        ? `<text x="${(x + 3).toFixed(1)}" y="${y(depth) + 11}">${escapeXml(text)}</text>`
        : '') +
      '</g>'
    );
  });
  const families = Object.values(FAMILY_COLOURS);
  const step = Math.floor(width / families.length);
  const legend = families
    .map(
      ({ hue, name }, i) =>
        `<rect x="${10 + i * step}" y="26" width="12" height="12" fill="hsl(${hue},70%,62%)"/>` +
        `<text x="${26 + i * step}" y="36">${escapeXml(name)}</text>`,
    )
    .join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="monospace" font-size="11">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="16" font-size="14">${escapeXml(options.title)}</text>`,
    legend,
    ...rects,
    '</svg>',
    '',
  ].join('\n');
}

/** The label cut to the box (with an ellipsis), or nothing when not even 3 characters fit. */
export function fitLabel(label: string, widthPx: number): string {
  const fits = Math.floor((widthPx - 6) / CHAR_PX);
  if (fits < 3) return '';
  return label.length <= fits ? label : `${label.slice(0, fits - 1)}…`;
}

function colour(frame: Frame): string {
  const { hue } = FAMILY_COLOURS[frame.family];
  // Same function, same shade: neighbouring boxes stay apart without random colours.
  let hash = 0;
  for (const ch of frame.functionName) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return `hsl(${hue},${55 + (hash % 30)}%,${55 + ((hash >> 5) % 20)}%)`;
}

function escapeXml(text: string): string {
  return text.replace(
    /[<>&"]/g,
    (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[ch]!,
  );
}
