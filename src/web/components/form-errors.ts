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
 * The problems of a form: those found before sending, else those the server listed for a refused
 * request. Kept stable between renders (a new summary takes focus).
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
    const list = local.length > 0 ? local : fromServer;
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
