import { useCallback, useState } from 'react';

/**
 * Forward cursor paging with a way back: keeps the `after` cursor of every page visited.
 * Reset it (e.g. with a React key) when the filters change.
 */
export function useCursorPager() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const next = useCallback((endCursor: string | null | undefined) => {
    if (endCursor) setCursors((list) => [...list, endCursor]);
  }, []);
  const previous = useCallback(() => setCursors((list) => list.slice(0, -1)), []);
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
