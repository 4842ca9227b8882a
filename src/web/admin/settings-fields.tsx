import { type InputHTMLAttributes, type MouseEvent, type ReactNode, useEffect, useRef } from 'react';
import { type CheckPath, type FieldPath, fieldId, fieldLabels, type TextPath } from './settings-model.js';

export type FieldErrors = Partial<Record<FieldPath, string>>;

function FieldError({ path, message }: { path: FieldPath; message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="field-error" id={`${fieldId(path)}-error`}>
      {message}
    </p>
  );
}

const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;

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
  const id = fieldId(path);
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{fieldLabels[path]}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <input
        {...input}
        id={id}
        name={path}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint !== undefined && `${id}-hint`, error && `${id}-error`)}
      />
      <FieldError path={path} message={error} />
    </div>
  );
}

export function CheckField({
  path,
  checked,
  onChange,
  error,
}: {
  path: CheckPath;
  checked: boolean;
  onChange: (checked: boolean) => void;
  error: string | undefined;
}) {
  const id = fieldId(path);
  return (
    <div className={error ? 'check field-invalid' : 'check'}>
      <input
        type="checkbox"
        id={id}
        name={path}
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      <label htmlFor={id}>{fieldLabels[path]}</label>
      <FieldError path={path} message={error} />
    </div>
  );
}

const focusField = (id: string) => (event: MouseEvent) => {
  const field = document.getElementById(id);
  if (!field) return;
  event.preventDefault();
  field.focus();
};

/** Lists every problem at the top, each linking to its field. */
export function ErrorSummary({ errors }: { errors: { path: string; label: string; message: string }[] }) {
  const ref = useRef<HTMLDivElement>(null);
  // The save button is at the bottom of a long form: bring the problems into view.
  useEffect(() => {
    if (errors.length > 0) ref.current?.focus();
  }, [errors]);
  if (errors.length === 0) return null;
  return (
    <div className="notice notice-error error-summary" role="alert" ref={ref} tabIndex={-1}>
      <p>
        <strong>
          {errors.length === 1 ? 'One setting needs fixing' : `${errors.length} settings need fixing`}
        </strong>
      </p>
      <ul>
        {errors.map((e) => (
          <li key={`${e.path}:${e.message}`}>
            {e.label ? (
              <a href={`#${fieldId(e.path)}`} onClick={focusField(fieldId(e.path))}>
                {e.label}
              </a>
            ) : null}
            {e.label ? ': ' : null}
            {e.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
