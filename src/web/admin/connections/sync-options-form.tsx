import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { documentKinds } from '../../../contracts/connections.js';
import { api, type Connection, type ConnectionOptions, type FieldError } from '../../api-client.js';
import { CheckField, ErrorSummary, SelectField, TextField } from '../../components/fields.js';
import { useFormErrors } from '../../components/form-errors.js';
import { formatDateTime } from '../../components/format.js';
import { ErrorMessage, StatusMessage } from '../../components/status.js';
import { connectionPath } from './connection-hooks.js';
import {
  connectionKey,
  connectionsKey,
  documentKindLabels,
  fromLocalInput,
  toLocalInput,
} from './connection-model.js';
import { DefaultItemPicker } from './item-picker.js';

interface Form {
  importOrdersAs: ConnectionOptions['importOrdersAs'];
  ordersFrom: string;
  updatesSince: string;
  fromCart: ConnectionOptions['fromCart'];
  toCart: ConnectionOptions['toCart'];
  defaultItemId: string;
  pollMinutes: string;
}

const toForm = (o: ConnectionOptions): Form => ({
  importOrdersAs: o.importOrdersAs,
  ordersFrom: toLocalInput(o.ordersFrom),
  updatesSince: toLocalInput(o.updatesSince),
  fromCart: { ...o.fromCart },
  toCart: { ...o.toCart },
  defaultItemId: o.defaultItemId ?? '',
  pollMinutes: String(o.pollMinutes),
});

const fields = {
  'options.importOrdersAs': { id: 'sync-import-as', label: 'Import orders as' },
  'options.ordersFrom': { id: 'sync-orders-from', label: 'Orders from' },
  'options.updatesSince': { id: 'sync-updates-since', label: 'Updates since' },
  'options.fromCart.customers': { id: 'sync-from-customers', label: 'Enable customer updates' },
  'options.fromCart.items': { id: 'sync-from-items', label: 'Enable item updates' },
  'options.defaultItemId': { id: 'sync-default-item', label: 'Default item' },
  'options.toCart.customers': { id: 'sync-to-customers', label: 'Customer updates' },
  'options.toCart.items': { id: 'sync-to-items', label: 'Item updates' },
  'options.toCart.stock': { id: 'sync-to-stock', label: 'Real-time stock updates' },
  'options.pollMinutes': { id: 'sync-poll', label: 'Poll every (minutes)' },
};

/** What changed, as the API takes it; the problems found before sending. */
function toPatch(form: Form, saved: ConnectionOptions) {
  const patch: Partial<ConnectionOptions> = {};
  const problems: FieldError[] = [];
  if (form.importOrdersAs !== saved.importOrdersAs) patch.importOrdersAs = form.importOrdersAs;
  for (const key of ['ordersFrom', 'updatesSince'] as const) {
    const iso = fromLocalInput(form[key]);
    if (iso === undefined) problems.push({ path: `options.${key}`, message: 'must be a date and time' });
    // Unchanged to the minute is unchanged: the input shows no seconds.
    else if (form[key] !== toLocalInput(saved[key])) patch[key] = iso;
  }
  if (JSON.stringify(form.fromCart) !== JSON.stringify(saved.fromCart)) patch.fromCart = form.fromCart;
  if (JSON.stringify(form.toCart) !== JSON.stringify(saved.toCart)) patch.toCart = form.toCart;
  const defaultItemId = form.defaultItemId || null;
  if (defaultItemId !== saved.defaultItemId) patch.defaultItemId = defaultItemId;
  const minutes = Number(form.pollMinutes);
  if (!/^\d+$/.test(form.pollMinutes.trim()) || minutes < 1 || minutes > 1440) {
    problems.push({ path: 'options.pollMinutes', message: 'must be a whole number from 1 to 1440' });
  } else if (minutes !== saved.pollMinutes) patch.pollMinutes = minutes;
  return { patch, problems };
}

/** From the cart, to the cart, and how often: the connection's options. */
export function SyncOptionsForm({ connection: c }: { connection: Connection }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState(() => toForm(c.options));
  const [local, setLocal] = useState<FieldError[]>([]);
  const [status, setStatus] = useState('');
  const save = useMutation({
    mutationFn: (options: Partial<ConnectionOptions>) =>
      api<Connection>('PATCH', connectionPath(c.id), { options }),
    onSuccess: (next) => {
      queryClient.setQueryData(connectionKey(next.id), next);
      setForm(toForm(next.options));
      setStatus('Auto-sync settings saved.');
      return queryClient.invalidateQueries({ queryKey: connectionsKey });
    },
  });
  const errors = useFormErrors(save.error, local, fields);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setStatus('');
    save.reset();
    const { patch, problems } = toPatch(form, c.options);
    setLocal(problems);
    if (problems.length > 0) return;
    if (Object.keys(patch).length === 0) {
      setStatus('Nothing has changed.');
      return;
    }
    save.mutate(patch);
  };

  const check = (side: 'fromCart' | 'toCart', key: string) => {
    const path = `options.${side}.${key}` as keyof typeof fields;
    return {
      ...fields[path],
      checked: (form[side] as Record<string, boolean>)[key] ?? false,
      error: errors.byPath[path],
      onChange: (on: boolean) => setForm((f) => ({ ...f, [side]: { ...f[side], [key]: on } })),
    };
  };
  const cursorHint = (at: string | null) =>
    at ? ` Sync has read up to ${formatDateTime(at)}.` : ' Sync has not read anything yet.';

  return (
    <form onSubmit={onSubmit} className="stack" noValidate aria-labelledby="sync-options-title">
      <h2 id="sync-options-title" className="visually-hidden">
        Auto-sync settings
      </h2>
      <ErrorSummary errors={errors.summary} />
      {save.isError && !errors.shownByField ? <ErrorMessage error={save.error} /> : null}
      <fieldset className="card stack-tight">
        <legend>From Cart</legend>
        <SelectField
          {...fields['options.importOrdersAs']}
          value={form.importOrdersAs}
          onChange={(importOrdersAs) => setForm((f) => ({ ...f, importOrdersAs }))}
          options={documentKinds.map((value) => ({ value, label: documentKindLabels[value] }))}
          error={errors.byPath['options.importOrdersAs']}
          hint="Every order comes in PENDING: it moves stock and counts in reports once staff confirm it."
        />
        <div className="field-row">
          <TextField
            {...fields['options.ordersFrom']}
            value={form.ordersFrom}
            onChange={(ordersFrom) => setForm((f) => ({ ...f, ordersFrom }))}
            error={errors.byPath['options.ordersFrom']}
            hint={`Orders placed from then on are imported; blank: all of them.${cursorHint(c.cursors.ordersFrom)}`}
            input={{ type: 'datetime-local' }}
          />
          <TextField
            {...fields['options.updatesSince']}
            value={form.updatesSince}
            onChange={(updatesSince) => setForm((f) => ({ ...f, updatesSince }))}
            error={errors.byPath['options.updatesSince']}
            hint={`Changes made in the cart from then on are read; changing it reads again from there.${cursorHint(c.cursors.updatesSince)}`}
            input={{ type: 'datetime-local' }}
          />
        </div>
        <CheckField
          {...check('fromCart', 'customers')}
          hint="Customers changed in the cart are changed in Tandem too."
        />
        <CheckField
          {...check('fromCart', 'items')}
          hint="Items changed in the cart are changed in Tandem too."
        />
        <DefaultItemPicker
          id={fields['options.defaultItemId'].id}
          value={form.defaultItemId}
          onChange={(defaultItemId) => setForm((f) => ({ ...f, defaultItemId }))}
          error={errors.byPath['options.defaultItemId']}
        />
      </fieldset>
      <fieldset className="card stack-tight">
        <legend>To Cart</legend>
        <CheckField
          {...check('toCart', 'customers')}
          hint="Customers changed in Tandem are sent to the cart."
        />
        <CheckField
          {...check('toCart', 'items')}
          hint="Names and prices changed in Tandem are sent to the cart."
        />
        <CheckField
          {...check('toCart', 'stock')}
          hint="Every stock change in Tandem (a sale, a delivery, a count) reaches the cart within seconds."
        />
      </fieldset>
      <fieldset className="card stack-tight">
        <legend>Schedule</legend>
        <TextField
          {...fields['options.pollMinutes']}
          value={form.pollMinutes}
          onChange={(pollMinutes) => setForm((f) => ({ ...f, pollMinutes }))}
          error={errors.byPath['options.pollMinutes']}
          hint="While auto-sync runs, Tandem asks the cart for changes this often; webhooks bring them sooner."
          input={{ inputMode: 'numeric', className: 'input-short', maxLength: 4 }}
        />
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save'}
        </button>
        <StatusMessage tone={status === 'Nothing has changed.' ? 'info' : 'success'}>{status}</StatusMessage>
      </div>
    </form>
  );
}
