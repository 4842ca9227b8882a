import { type InputHTMLAttributes, type ReactNode, useMemo } from 'react';
import * as fields from '../components/fields.js';
import { type CheckPath, type FieldPath, fieldId, fieldLabels, type TextPath } from './settings-model.js';

export type FieldErrors = Partial<Record<FieldPath, string>>;

export function TextField({
  path,
  value,
  onChange,
  error,
  hint,
  input,
}: {
  path: TextPath;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  hint?: ReactNode;
  input?: InputHTMLAttributes<HTMLInputElement>;
}) {
  return (
    <fields.TextField
      id={fieldId(path)}
      name={path}
      label={fieldLabels[path]}
      value={value}
      onChange={onChange}
      error={error}
      hint={hint}
      input={input}
    />
  );
}

export function CheckField({
  path,
  checked,
  onChange,
  error,
  hint,
}: {
  path: CheckPath;
  checked: boolean;
  onChange: (checked: boolean) => void;
  error: string | undefined;
  hint?: ReactNode;
}) {
  return (
    <fields.CheckField
      id={fieldId(path)}
      name={path}
      label={fieldLabels[path]}
      checked={checked}
      onChange={onChange}
      error={error}
      hint={hint}
    />
  );
}

/** Lists every problem at the top, each linking to its field. */
export function ErrorSummary({ errors }: { errors: { path: string; label: string; message: string }[] }) {
  // Kept stable between renders: a new summary takes focus.
  const summary = useMemo(
    () => errors.map((e) => ({ fieldId: fieldId(e.path), label: e.label, message: e.message })),
    [errors],
  );
  return <fields.ErrorSummary errors={summary} noun={['setting needs', 'settings need']} />;
}
