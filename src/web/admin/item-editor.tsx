import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import type { DiscountScope } from '../../contracts/catalog.js';
import { ApiError, api, type FieldError, type Item, type ItemKind } from '../api-client.js';
import {
  CheckField,
  ErrorSummary,
  SelectField,
  type SummaryError,
  TextAreaField,
  TextField,
} from '../components/fields.js';
import { mergeFieldErrors } from '../components/form-errors.js';
import { fractionDigits } from '../components/money.js';
import { ErrorMessage, StatusMessage } from '../components/status.js';
import {
  createItemBody,
  emptyItemForm,
  friendlyItemMessage,
  type Interval,
  type ItemForm,
  intervalLabels,
  itemErrorTarget,
  itemFieldId,
  itemFieldLabels,
  itemFieldOrder,
  itemKinds,
  itemPatch,
  itemToForm,
  kindHints,
  kindLabels,
} from './item-model.js';
import { itemsKey } from './items-page.js';
import { PackageContents } from './package-contents.js';
import { canManage, useStaff } from './session.js';
import { itemKey } from './stock-panel.js';

const discountScopeOptions: { value: DiscountScope; label: string }[] = [
  { value: 'services', label: 'Services' },
  { value: 'all', label: 'Everything' },
];
const intervalOptions = (Object.keys(intervalLabels) as Interval[]).map((value) => ({
  value,
  label: intervalLabels[value],
}));

/** The item's fields: a new item's kind first, then what that kind has. */
export function ItemEditor({
  saved,
  initialKind,
  currency,
}: {
  saved: Item | null;
  initialKind: ItemKind;
  currency: string;
}) {
  const me = useStaff();
  const readOnly = !canManage(me.role);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const digits = fractionDigits(currency);
  const [form, setForm] = useState<ItemForm>(() =>
    saved ? itemToForm(saved, digits) : emptyItemForm(initialKind),
  );
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [status, setStatus] = useState('');
  const [edited, setEdited] = useState<ReadonlySet<string>>(() => new Set());
  const isNew = saved === null;

  // What the browser found wrong is sent too (as values the server refuses), so that one answer
  // lists every problem: the browser's, in the form's words, and the server's for the rest.
  const save = useMutation({
    mutationFn: ({ body }: { body: Record<string, unknown>; local: FieldError[] }) =>
      saved
        ? api<Item>('PATCH', `/api/admin/items/${encodeURIComponent(saved.id)}`, body)
        : api<Item>('POST', '/api/admin/items', body),
    onSuccess: (item) => {
      queryClient.setQueryData(itemKey(item.id), item);
      void queryClient.invalidateQueries({ queryKey: itemsKey });
      if (isNew) {
        navigate(`/admin/items/${encodeURIComponent(item.id)}`, { replace: true, state: { created: true } });
        return;
      }
      setForm(itemToForm(item, digits));
      setStatus('Item saved');
    },
    onError: (err, { local }) => {
      if (err instanceof ApiError && err.code === 'validation_failed' && err.errors.length > 0) {
        setErrors(mergeFieldErrors(local, err.errors, itemFieldOrder));
      } else if (err instanceof ApiError && err.code === 'conflict') {
        setErrors(
          mergeFieldErrors(
            local,
            [{ path: 'sku', message: 'another item already has this SKU' }],
            itemFieldOrder,
          ),
        );
      }
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (readOnly) return;
    setStatus('');
    setEdited(new Set());
    save.reset();
    const { body, errors: local } = saved ? itemPatch(form, saved, digits) : createItemBody(form, digits);
    setErrors(local);
    if (saved && local.length === 0 && Object.keys(body).length === 0) {
      setStatus('Nothing has changed');
      return;
    }
    save.mutate({ body, local });
  };

  const byPath: Record<string, string> = {};
  for (const e of errors) byPath[e.path] ??= friendlyItemMessage(e.path, e.message, digits);
  // A field changed since the last attempt loses its message; the summary keeps it until the next one.
  const errorOf = (path: string) => (edited.has(path.split('.')[0]!) ? undefined : byPath[path]);
  // Kept stable between renders: a new summary takes focus. It names lines as they were when it appeared.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new list of errors makes a new summary
  const summary = useMemo<SummaryError[]>(
    () =>
      errors.map((e) => ({
        ...itemErrorTarget(e.path, form),
        message: friendlyItemMessage(e.path, e.message, digits),
      })),
    [errors, digits],
  );
  const handled =
    save.error instanceof ApiError &&
    (save.error.code === 'validation_failed' || save.error.code === 'conflict');

  const set =
    <K extends keyof ItemForm>(key: K) =>
    (value: ItemForm[K]) => {
      setForm((f) => ({ ...f, [key]: value }));
      setEdited((keys) => (keys.has(key) ? keys : new Set(keys).add(key)));
    };
  const text = (key: keyof ItemForm & string) => ({
    id: itemFieldId(key),
    label: itemFieldLabels[key] ?? key,
    value: form[key] as string,
    error: errorOf(key),
    onChange: set(key) as (value: string) => void,
  });

  const { kind } = form;
  const money = `In ${currency}.`;

  // A package's or membership's discount: how much, and on what.
  const planDiscount = (
    <>
      <TextField
        {...text('discountPercent')}
        hint="Optional, 0–100."
        input={{ inputMode: 'numeric', className: 'input-short', autoComplete: 'off' }}
      />
      <SelectField
        id={itemFieldId('discountAppliesTo')}
        label={itemFieldLabels.discountAppliesTo}
        value={form.discountAppliesTo}
        onChange={set('discountAppliesTo')}
        options={discountScopeOptions}
        hint="Everything: products too, in store and online."
        error={errorOf('discountAppliesTo')}
      />
    </>
  );
  return (
    <form onSubmit={onSubmit} className="stack item-form" noValidate aria-label="Item details">
      {readOnly ? (
        <p className="notice notice-info">
          You can look at the catalogue; changing it needs an owner or a manager.
        </p>
      ) : null}
      <ErrorSummary errors={summary} />
      {save.isError && !handled ? <ErrorMessage error={save.error} /> : null}

      {isNew ? (
        <fieldset className="card" disabled={readOnly}>
          <legend>Kind</legend>
          <div className="choices">
            {itemKinds.map((k) => (
              <div className="check" key={k}>
                <input
                  type="radio"
                  id={`item-kind-${k}`}
                  name="kind"
                  value={k}
                  checked={kind === k}
                  onChange={() =>
                    setForm((f) => ({ ...f, kind: k, trackStock: k === 'product' ? f.trackStock : false }))
                  }
                  aria-describedby={`item-kind-${k}-hint`}
                />
                <label htmlFor={`item-kind-${k}`}>{kindLabels[k]}</label>
                <p className="hint" id={`item-kind-${k}-hint`}>
                  {kindHints[k]}
                </p>
              </div>
            ))}
          </div>
        </fieldset>
      ) : null}

      <fieldset className="card" disabled={readOnly}>
        <legend>Details</legend>
        <TextField {...text('name')} className="grow" input={{ maxLength: 200, autoComplete: 'off' }} />
        <div className="field-row">
          <TextField
            {...text('sku')}
            input={{ maxLength: 64, autoComplete: 'off', spellCheck: false, className: 'input-medium' }}
          />
          {kind === 'product' ? (
            <TextField
              {...text('barcode')}
              label="Barcode (optional)"
              input={{ maxLength: 64, autoComplete: 'off', spellCheck: false, className: 'input-medium' }}
            />
          ) : null}
          <TextField
            {...text('category')}
            label="Category (optional)"
            input={{ maxLength: 100, className: 'input-medium' }}
          />
        </div>
        <TextAreaField
          id={itemFieldId('description')}
          label="Description (optional)"
          value={form.description}
          onChange={set('description')}
          error={errorOf('description')}
          textarea={{ maxLength: 5000 }}
        />
      </fieldset>

      <fieldset className="card" disabled={readOnly}>
        <legend>Price and tax</legend>
        <div className="field-row">
          <TextField
            {...text('price')}
            label={kind === 'membership' ? `Price per ${form.interval}` : 'Price'}
            hint={money}
            input={{ inputMode: 'decimal', className: 'input-short', autoComplete: 'off' }}
          />
          <TextField
            {...text('cost')}
            hint={`${money} What it costs you; optional.`}
            input={{ inputMode: 'decimal', className: 'input-short', autoComplete: 'off' }}
          />
          <TextField
            {...text('taxRate')}
            hint="Such as 8.25."
            input={{ inputMode: 'decimal', className: 'input-short', autoComplete: 'off' }}
          />
        </div>
      </fieldset>

      {kind === 'product' ? (
        <fieldset className="card" disabled={readOnly}>
          <legend>Stock tracking</legend>
          <CheckField
            id={itemFieldId('trackStock')}
            label={itemFieldLabels.trackStock}
            hint="Every delivery, sale and correction is recorded, and the product is listed under Low stock when it runs low."
            checked={form.trackStock}
            onChange={set('trackStock')}
            error={errorOf('trackStock')}
          />
          {form.trackStock ? (
            <div className="field-row">
              <TextField
                {...text('lowStockThreshold')}
                hint="Listed under Low stock at or below this; empty for never."
                input={{ inputMode: 'numeric', className: 'input-short', autoComplete: 'off' }}
              />
              {isNew ? (
                <TextField
                  {...text('initialStock')}
                  hint="Recorded as opening stock."
                  input={{ inputMode: 'numeric', className: 'input-short', autoComplete: 'off' }}
                />
              ) : null}
            </div>
          ) : null}
        </fieldset>
      ) : null}

      {kind === 'package' ? (
        <fieldset className="card" disabled={readOnly}>
          <legend>Contents</legend>
          <PackageContents
            lines={form.includes}
            onChange={set('includes')}
            error={errorOf('includes')}
            lineError={(i) => errorOf(`includes.${i}.quantity`) ?? errorOf(`includes.${i}.itemId`)}
            packageId={saved?.id ?? null}
          />
          <div className="field-row">
            <TextField
              {...text('durationDays')}
              hint="How long the customer has to use it."
              input={{ inputMode: 'numeric', className: 'input-short', autoComplete: 'off' }}
            />
            {planDiscount}
          </div>
        </fieldset>
      ) : null}

      {kind === 'membership' ? (
        <fieldset className="card" disabled={readOnly}>
          <legend>Membership</legend>
          <div className="field-row">
            <SelectField
              id={itemFieldId('interval')}
              label={itemFieldLabels.interval}
              value={form.interval}
              onChange={set('interval')}
              options={intervalOptions}
              hint="Members pay the price each time."
              error={errorOf('interval')}
            />
            {planDiscount}
          </div>
        </fieldset>
      ) : null}

      {readOnly ? null : (
        <div className="form-actions">
          <button type="submit" className="button" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : isNew ? `Add ${kindLabels[kind].toLowerCase()}` : 'Save item'}
          </button>
          <StatusMessage tone={status === 'Item saved' ? 'success' : 'info'}>{status}</StatusMessage>
        </div>
      )}
    </form>
  );
}
