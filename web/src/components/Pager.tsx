import { useCallback, useState } from 'react';

/**
 * Forward cursor paging with a way back: keeps the `after` cursor of every page visited.
 * Paging starts again from the first page when `resetKey` (e.g. the filters) changes, or when the
 * component is remounted (e.g. with a React key).
 */
export function useCursorPager(resetKey?: string) {
  const [pages, setPages] = useState<{ key?: string; cursors: (string | null)[] }>({
    key: resetKey,
    cursors: [null],
  });
  let cursors = pages.cursors;
  if (pages.key !== resetKey) {
    // Adjusting state while rendering: React re-renders at once, before anything is committed.
    cursors = [null];
    setPages({ key: resetKey, cursors });
  }
  const setCursors = useCallback(
    (change: (list: (string | null)[]) => (string | null)[]) =>
      setPages((current) => ({ ...current, cursors: change(current.cursors) })),
    [],
  );
  const after = cursors[cursors.length - 1] ?? null;
  const next = useCallback(
    (endCursor: string | null | undefined) => {
      if (endCursor) setCursors((list) => [...list, endCursor]);
    },
    [setCursors],
  );
  const previous = useCallback(() => setCursors((list) => list.slice(0, -1)), [setCursors]);
  return { after, page: cursors.length, next, previous, hasPrevious: cursors.length > 1 };
}

interface PagerProps {
  page: number;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
  label: string;
}

export function Pager({ page, hasPrevious, hasNext, onPrevious, onNext, label }: PagerProps) {
  if (!hasPrevious && !hasNext) return null;
  return (
    <nav aria-label={`${label} pages`} className="mt-4 flex items-center justify-center gap-3">
      <button type="button" className="btn-secondary" disabled={!hasPrevious} onClick={onPrevious}>
        ← Previous
      </button>
      <span className="text-sm text-slate-500">Page {page}</span>
      <button type="button" className="btn-secondary" disabled={!hasNext} onClick={onNext}>
        Next →
      </button>
    </nav>
  );
}
