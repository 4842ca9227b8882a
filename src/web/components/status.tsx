import type { ReactNode } from 'react';
import { errorDetail } from '../api-client.js';

/** A polite live region: always rendered, so that a message put in it is announced. */
export function StatusMessage({
  children,
  tone = 'success',
}: {
  children?: ReactNode;
  tone?: 'success' | 'info';
}) {
  return (
    <p className={children ? `notice notice-${tone}` : 'visually-hidden'} role="status" aria-live="polite">
      {children}
    </p>
  );
}

export function ErrorMessage({ error }: { error: unknown }) {
  return (
    <p className="notice notice-error" role="alert">
      {errorDetail(error)}
    </p>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}
