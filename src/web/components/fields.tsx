import {
  type InputHTMLAttributes,
  type MouseEvent,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useEffect,
  useRef,
} from 'react';

/** Form fields with a label, an optional hint and an error, each tied to the control for screen readers. */

export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="field-error" id={`${id}-error`}>
      {message}
    </p>
  );
}

export const describedBy = (...ids: (string | false | undefined)[]) =>
  ids.filter(Boolean).join(' ') || undefined;

interface FieldProps {
  id: string;
  label: ReactNode;
  error: string | undefined;
  hint?: ReactNode;
  className?: string;
}

function controlProps(id: string, error: string | undefined, hint: ReactNode) {
  return {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(hint !== undefined && `${id}-hint`, error && `${id}-error`),
  };
}

function Field({ id, label, error, hint, className, children }: FieldProps & { children: ReactNode }) {
  return (
    <div className={['field', error ? 'field-invalid' : '', className ?? ''].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      {hint !== undefined ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children}
      <FieldError id={id} message={error} />
    </div>
  );
}

export function TextField({
  value,
  onChange,
  input,
  name,
  ...field
}: FieldProps & {
  value: string;
  onChange: (value: string) => void;
  name?: string;
  input?: InputHTMLAttributes<HTMLInputElement>;
}) {
  return (
    <Field {...field}>
      <input
        {...input}
        {...controlProps(field.id, field.error, field.hint)}
        name={name ?? field.id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </Field>
  );
}

export function TextAreaField({
  value,
  onChange,
  textarea,
  ...field
}: FieldProps & {
  value: string;
  onChange: (value: string) => void;
  textarea?: TextareaHTMLAttributes<HTMLTextAreaElement>;
}) {
  return (
    <Field {...field}>
      <textarea
        rows={3}
        {...textarea}
        {...controlProps(field.id, field.error, field.hint)}
        name={field.id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </Field>
  );
}

export function SelectField<T extends string>({
  value,
  onChange,
  options,
  select,
  ...field
}: FieldProps & {
  value: T;
  onChange: (value: T) => void;
  options: readonly { value: T; label: string }[];
  select?: SelectHTMLAttributes<HTMLSelectElement>;
}) {
  return (
    <Field {...field}>
      <select
        {...select}
        {...controlProps(field.id, field.error, field.hint)}
        name={field.id}
        value={value}
        onChange={(e) => onChange(e.target.value as T)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function CheckField({
  id,
  label,
  checked,
  onChange,
  error,
  hint,
  name,
}: {
  id: string;
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  error: string | undefined;
  hint?: ReactNode;
  name?: string;
}) {
  return (
    <div className={error ? 'check field-invalid' : 'check'}>
      <input
        type="checkbox"
        id={id}
        name={name ?? id}
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint !== undefined && `${id}-hint`, error && `${id}-error`)}
      />
      <label htmlFor={id}>{label}</label>
      {hint !== undefined ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldError id={id} message={error} />
    </div>
  );
}

export interface SummaryError {
  /** The id of the control to move to; none when the problem is not one field's. */
  fieldId: string | null;
  label: string;
  message: string;
}

const focusField = (id: string) => (event: MouseEvent) => {
  const field = document.getElementById(id);
  if (!field) return;
  event.preventDefault();
  field.focus();
};

/** Lists every problem at the top, each linking to its field; takes focus when it appears. */
export function ErrorSummary({
  errors,
  noun = ['field needs', 'fields need'],
}: {
  errors: readonly SummaryError[];
  /** How to say "one … fixing" and "N … fixing". */
  noun?: readonly [string, string];
}) {
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
          {errors.length === 1 ? `One ${noun[0]} fixing` : `${errors.length} ${noun[1]} fixing`}
        </strong>
      </p>
      <ul>
        {errors.map((e) => (
          <li key={`${e.fieldId ?? ''}:${e.label}:${e.message}`}>
            {e.label && e.fieldId ? (
              <a href={`#${e.fieldId}`} onClick={focusField(e.fieldId)}>
                {e.label}
              </a>
            ) : (
              e.label
            )}
            {e.label ? ': ' : null}
            {e.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A "from" and "to" day pair for filtering lists and reports. */
export function DateRangeFields({
  idPrefix,
  from,
  to,
  onChange,
}: {
  idPrefix: string;
  from: string;
  to: string;
  onChange: (range: { from: string; to: string }) => void;
}) {
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}-from`}>From</label>
        <input
          id={`${idPrefix}-from`}
          type="date"
          value={from}
          onChange={(e) => onChange({ from: e.target.value, to })}
        />
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-to`}>To</label>
        <input
          id={`${idPrefix}-to`}
          type="date"
          value={to}
          onChange={(e) => onChange({ from, to: e.target.value })}
        />
      </div>
    </>
  );
}

/** A dialog form's buttons: submit (saying so while it runs) and Cancel. */
export function SubmitOrCancel({
  label,
  pendingLabel,
  pending,
  onCancel,
}: {
  label: string;
  pendingLabel: string;
  pending: boolean;
  onCancel: () => void;
}) {
  return (
    <div className="form-actions">
      <button type="submit" className="button" disabled={pending}>
        {pending ? pendingLabel : label}
      </button>
      <button type="button" className="button button-secondary" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
