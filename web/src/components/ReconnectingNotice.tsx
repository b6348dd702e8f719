import { useConnectionState } from '../apollo/useConnectionState';

/**
 * "Reconnecting…" while the socket carrying the page's live updates is down; cleared when it is
 * back (the missed changes are replayed then). The status region stays in the page so that
 * screen readers announce both changes.
 */
export function ReconnectingNotice() {
  const reconnecting = useConnectionState() === 'reconnecting';
  return (
    <p
      role="status"
      aria-live="polite"
      className={
        reconnecting
          ? 'mb-3 flex items-center gap-2 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900'
          : 'sr-only'
      }
    >
      {reconnecting && (
        <>
          <span
            aria-hidden="true"
            className="h-3 w-3 animate-spin rounded-full border-2 border-amber-300 border-t-amber-700"
          />
          Reconnecting… Live updates will resume with the changes made meanwhile.
        </>
      )}
    </p>
  );
}
