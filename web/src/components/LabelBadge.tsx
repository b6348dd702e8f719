/** A label chip in its own colour, with a text colour that stays readable on it. */
export function LabelBadge({
  name,
  color,
  mark,
}: {
  name: string;
  color: string;
  /** A decoration before the name (e.g. ✓ on a pressed filter chip), hidden from screen readers. */
  mark?: string;
}) {
  const hex = /^[0-9a-f]{6}$/i.test(color) ? color : '64748b';
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [
    number,
    number,
    number,
  ];
  const light = (r * 299 + g * 587 + b * 114) / 1000 > 150;
  return (
    <span
      className="inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium"
      style={{ backgroundColor: `#${hex}`, color: light ? '#0f172a' : '#ffffff' }}
    >
      {mark && (
        <span aria-hidden="true" className="mr-1">
          {mark}
        </span>
      )}
      {name}
    </span>
  );
}
