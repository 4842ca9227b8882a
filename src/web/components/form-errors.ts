import { useMemo } from 'react';
import { ApiError, type FieldError } from '../api-client.js';
import type { SummaryError } from './fields.js';

export interface FormField {
  id: string;
  label: string;
}

export interface FormErrors {
  /** The first message for each field, by its API path. */
  byPath: Record<string, string>;
  summary: SummaryError[];
  /** The problem is shown field by field; no need to repeat it in a general message. */
  shownByField: boolean;
}

/**
 * The problems of a form: those found before sending with those the server listed for a refused
 * request (a form sends even what it found wrong, so that one answer names every problem), in the
 * order of `fields`. Kept stable between renders (a new summary takes focus).
 */
export function useFormErrors(
  error: unknown,
  local: readonly FieldError[],
  fields: Readonly<Record<string, FormField>>,
): FormErrors {
  return useMemo(() => {
    const fromServer =
      error instanceof ApiError && error.code === 'validation_failed' && error.errors.length > 0
        ? error.errors
        : [];
    const list = mergeFieldErrors(local, fromServer, Object.keys(fields));
    const byPath: Record<string, string> = {};
    for (const e of list) byPath[e.path] ??= e.message;
    const summary = list.map((e) => {
      const field = fields[e.path];
      return field
        ? { fieldId: field.id, label: field.label, message: e.message }
        : { fieldId: null, label: e.path, message: e.message };
    });
    return { byPath, summary, shownByField: list.length > 0 };
  }, [error, local, fields]);
}

/**
 * The browser's findings and the server's as one list, one entry per field: where both speak of a
 * field the browser's wins (it is said in the form's terms, such as amounts in major units). In the
 * order of `fields` (the form's order, by the path's first part); the rest after, as they came.
 */
export function mergeFieldErrors(
  local: readonly FieldError[],
  server: readonly FieldError[],
  fields: readonly string[] = [],
): FieldError[] {
  const seen = new Set(local.map((e) => e.path));
  const all = [...local, ...server.filter((e) => !seen.has(e.path) && seen.add(e.path))];
  const rank = (path: string) => {
    const at = fields.indexOf(path.split('.')[0] ?? path);
    return at < 0 ? fields.length : at;
  };
  return all
    .map((error, at) => ({ error, at }))
    .sort((a, b) => rank(a.error.path) - rank(b.error.path) || a.at - b.at)
    .map((e) => e.error);
}
