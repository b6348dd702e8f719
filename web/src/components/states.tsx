import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { describeError, hasErrorCode, isUnavailable } from '../apollo/errors';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div role="status" aria-live="polite" className="flex items-center gap-2 p-6 text-slate-500">
      <span
        aria-hidden="true"
        className="h-4 w-4 animate-spin rounded-full border-2 border-slate-300 border-t-orange-600"
      />
      {label}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 p-8 text-center">
      <p className="font-medium text-slate-700">{title}</p>
      {children && <div className="mt-2 text-sm text-slate-500">{children}</div>}
    </div>
  );
}

interface ErrorStateProps {
  error: unknown;
  /** What was being loaded, e.g. "repositories". */
  what?: string;
  /** Shown when the owning service is down (UPSTREAM_UNAVAILABLE / GATEWAY_TIMEOUT). */
  unavailableTitle?: string;
  unavailableHint?: ReactNode;
  onRetry?: () => void;
}

export function ErrorState({
  error,
  what,
  unavailableTitle = 'Service unavailable',
  unavailableHint,
  onRetry,
}: ErrorStateProps) {
  const described = describeError(error);
  const unavailable = isUnavailable(error);
  const notFound = hasErrorCode(error, 'NOT_FOUND');
  const title = unavailable
    ? unavailableTitle
    : notFound
      ? 'Not found'
      : `Could not load ${what ?? 'this page'}`;
  return (
    <div
      role="alert"
      className={`rounded-lg border p-4 ${unavailable ? 'border-amber-300 bg-amber-50' : 'border-red-300 bg-red-50'}`}
    >
      <p className="font-semibold">{title}</p>
      <p className="mt-1 text-sm text-slate-700">
        {unavailable && unavailableHint ? unavailableHint : described.message}
      </p>
      <p className="mt-1 font-mono text-xs text-slate-500">{described.code}</p>
      {hasErrorCode(error, 'UNAUTHENTICATED') && (
        <Link className="mt-2 inline-block text-sm underline" to="/login">
          Sign in
        </Link>
      )}
      {onRetry && (
        <button type="button" className="btn-secondary mt-3" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** What a form's error means to the person who submitted it, before the server's message. */
const FORM_ERROR_LEADS: Record<string, string> = {
  FORBIDDEN: 'You do not have permission to do this.',
  QUOTA_EXCEEDED: 'Quota exceeded.',
  UNAUTHENTICATED: 'Sign in to do this.',
  NOT_FOUND: 'Not found.',
  CONFLICT: 'Already exists.',
};

/** A short error line under a form: FORBIDDEN, QUOTA_EXCEEDED and the like say so first. */
export function InlineError({ error }: { error: unknown }) {
  if (!error) return null;
  const described = describeError(error);
  const lead = FORM_ERROR_LEADS[described.code];
  return (
    <p role="alert" className="mt-2 text-sm text-red-700">
      {lead && <strong className="mr-1">{lead}</strong>}
      {described.message} <span className="font-mono text-xs">({described.code})</span>
    </p>
  );
}
