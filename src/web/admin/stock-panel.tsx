import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import {
  ApiError,
  api,
  type FieldError,
  type Item,
  type Page,
  type StockMovement,
  withQuery,
} from '../api-client.js';
import { Dialog } from '../components/dialog.js';
import { ErrorSummary, SelectField, SubmitOrCancel, TextField } from '../components/fields.js';
import { formatDateTime } from '../components/format.js';
import { LoadMore } from '../components/load-more.js';
import { useRetryKey } from '../components/retry-key.js';
import { ErrorMessage, Loading, StatusMessage } from '../components/status.js';
import { movementLabels } from './item-model.js';
import { itemsKey } from './items-page.js';
import { isLowStock } from './stock-level.js';

const PAGE_SIZE = 25;

type AdjustKind = 'receive' | 'adjustment' | 'return';
const adjustKinds: { value: AdjustKind; label: string }[] = [
  { value: 'receive', label: 'Received (a delivery)' },
  { value: 'adjustment', label: 'Adjustment (damage, loss, correction)' },
  { value: 'return', label: 'Return' },
];

export const itemKey = (id: string) => ['item', id] as const;
const movementsKey = (id: string) => ['item', id, 'movements'] as const;

type StockResult = { movement: StockMovement; stock: number };

/** On hand, the ways to change it, and the ledger of every movement. */
export function StockPanel({ item, canChange }: { item: Item; canChange: boolean }) {
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<'adjust' | 'count' | null>(null);
  const [status, setStatus] = useState('');
  const stock = item.stock ?? 0;

  const movements = useInfiniteQuery({
    queryKey: movementsKey(item.id),
    queryFn: ({ pageParam }) =>
      api<Page<StockMovement>>(
        'GET',
        withQuery(`/api/admin/items/${encodeURIComponent(item.id)}/stock-movements`, {
          limit: PAGE_SIZE,
          cursor: pageParam,
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = movements.data?.pages.flatMap((p) => p.data) ?? [];

  const onMoved = (result: StockResult) => {
    queryClient.setQueryData<Item>(itemKey(item.id), (old) => (old ? { ...old, stock: result.stock } : old));
    setDialog(null);
    setStatus(`Stock is now ${result.stock}.`);
    void queryClient.invalidateQueries({ queryKey: movementsKey(item.id) });
    void queryClient.invalidateQueries({ queryKey: itemsKey });
  };

  return (
    <section className="card stack-tight" aria-labelledby="stock-title">
      <h2 id="stock-title">Stock</h2>
      <p className="stock-summary">
        <strong className="stock-figure">{stock}</strong>
        <span>on hand</span>
        {isLowStock(item) ? <span className="badge badge-low">Low</span> : null}
      </p>
      <p className="muted">
        {item.lowStockThreshold === null
          ? 'No low-stock threshold: it is never listed under Low stock.'
          : `Listed under Low stock at ${item.lowStockThreshold} or fewer.`}
      </p>
      {canChange ? (
        <div className="form-actions">
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setStatus('');
              setDialog('adjust');
            }}
          >
            Adjust stock
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setStatus('');
              setDialog('count');
            }}
          >
            Count stock
          </button>
        </div>
      ) : null}
      <StatusMessage>{status}</StatusMessage>
      <Dialog open={dialog === 'adjust'} onClose={() => setDialog(null)} title="Adjust stock">
        <AdjustForm item={item} onDone={onMoved} onCancel={() => setDialog(null)} />
      </Dialog>
      <Dialog open={dialog === 'count'} onClose={() => setDialog(null)} title="Count stock">
        <CountForm item={item} onDone={onMoved} onCancel={() => setDialog(null)} />
      </Dialog>

      <div className="stock-history stack-tight">
        <h3 id="movements-title">Stock movements</h3>
        {movements.isPending ? <Loading what="stock movements" /> : null}
        {movements.isError && !movements.isFetchNextPageError ? (
          <ErrorMessage error={movements.error} />
        ) : null}
        {movements.isSuccess && rows.length === 0 ? <p className="empty">No stock has moved yet.</p> : null}
        {rows.length > 0 ? (
          <table className="table responsive-table" aria-labelledby="movements-title">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Kind</th>
                <th scope="col" className="num">
                  Change
                </th>
                <th scope="col" className="num">
                  On hand after
                </th>
                <th scope="col">Reason</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((m) => (
                <tr key={m.id}>
                  <td data-label="Time">
                    <time dateTime={m.createdAt}>{formatDateTime(m.createdAt)}</time>
                  </td>
                  <td data-label="Kind">{movementLabels[m.kind]}</td>
                  <td data-label="Change" className={m.quantity < 0 ? 'num quantity-out' : 'num quantity-in'}>
                    {m.quantity > 0 ? `+${m.quantity}` : `−${Math.abs(m.quantity)}`}
                  </td>
                  <td data-label="On hand after" className="num">
                    {m.onHandAfter}
                  </td>
                  <td data-label="Reason">
                    {m.reason || <span className="muted">—</span>}
                    {m.orderId ? <span className="row-meta"> · order {m.orderId}</span> : null}
                  </td>
                  <td data-label="By">{m.actor.label}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <LoadMore query={movements} />
      </div>
    </section>
  );
}

/** Posts a stock change; problems with fields are kept to be shown by each field and in a summary. */
function useStockRequest<T>(
  path: string,
  idPrefix: string,
  labels: Record<string, string>,
  onDone: (result: StockResult) => void,
) {
  const [errors, setErrors] = useState<FieldError[]>([]);
  const retryKey = useRetryKey();
  const mutation = useMutation({
    mutationFn: (body: T) => api<StockResult>('POST', path, body, { idempotencyKey: retryKey.for(body) }),
    onSuccess: (result) => {
      retryKey.answered();
      onDone(result);
    },
    onError: (err) => {
      retryKey.answered(err);
      if (err instanceof ApiError && err.code === 'validation_failed' && err.errors.length > 0) {
        setErrors(err.errors);
      }
    },
  });
  const fieldsFailed = mutation.error instanceof ApiError && mutation.error.code === 'validation_failed';
  // Kept stable between renders: a new summary takes focus.
  const summary = useMemo(
    () =>
      errors.map((e) => ({
        fieldId: labels[e.path] ? `${idPrefix}-${e.path}` : null,
        label: labels[e.path] ?? e.path,
        message: e.message,
      })),
    [errors, idPrefix, labels],
  );
  return { mutation, errors, setErrors, fieldsFailed, summary };
}

const adjustLabels: Record<string, string> = { delta: 'Change', kind: 'Kind', reason: 'Reason' };
const countLabels: Record<string, string> = { quantity: 'Counted quantity', reason: 'Reason (optional)' };

const errorFor = (errors: FieldError[], path: string) => errors.find((e) => e.path === path)?.message;

function AdjustForm({
  item,
  onDone,
  onCancel,
}: {
  item: Item;
  onDone: (result: StockResult) => void;
  onCancel: () => void;
}) {
  const [delta, setDelta] = useState('');
  const [kind, setKind] = useState<AdjustKind>('receive');
  const [reason, setReason] = useState('');
  const { mutation, errors, setErrors, fieldsFailed, summary } = useStockRequest<{
    delta: number;
    reason: string;
    kind: AdjustKind;
  }>(`/api/admin/items/${encodeURIComponent(item.id)}/stock-adjustments`, 'adjust', adjustLabels, onDone);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    mutation.reset();
    const local: FieldError[] = [];
    const typed = delta.trim().replace(/^−/, '-');
    if (!/^[+-]?\d+$/.test(typed) || Number(typed) === 0) {
      local.push({ path: 'delta', message: 'must be a whole number other than 0, such as 12 or -3' });
    }
    if (reason.trim() === '') local.push({ path: 'reason', message: 'must not be empty' });
    setErrors(local);
    if (local.length > 0) return;
    mutation.mutate({ delta: Number(typed), reason: reason.trim(), kind });
  };

  return (
    <form onSubmit={onSubmit} className="stack-tight" noValidate>
      <p className="muted">
        {item.name}: {item.stock ?? 0} on hand now.
      </p>
      <ErrorSummary errors={summary} />
      {mutation.isError && !fieldsFailed ? <ErrorMessage error={mutation.error} /> : null}
      <TextField
        id="adjust-delta"
        label="Change"
        hint="How many came in; put a minus sign before stock that went out, such as -3."
        value={delta}
        onChange={setDelta}
        error={errorFor(errors, 'delta')}
        input={{ inputMode: 'numeric', className: 'input-short', autoComplete: 'off' }}
      />
      <SelectField
        id="adjust-kind"
        label="Kind"
        value={kind}
        onChange={setKind}
        options={adjustKinds}
        error={errorFor(errors, 'kind')}
      />
      <TextField
        id="adjust-reason"
        label="Reason"
        hint="Kept in the stock history, such as the supplier’s delivery note."
        value={reason}
        onChange={setReason}
        error={errorFor(errors, 'reason')}
        input={{ maxLength: 500, autoComplete: 'off' }}
      />
      <SubmitOrCancel
        label="Save adjustment"
        pendingLabel="Saving…"
        pending={mutation.isPending}
        onCancel={onCancel}
      />
    </form>
  );
}

function CountForm({
  item,
  onDone,
  onCancel,
}: {
  item: Item;
  onDone: (result: StockResult) => void;
  onCancel: () => void;
}) {
  const [quantity, setQuantity] = useState('');
  const [reason, setReason] = useState('');
  const { mutation, errors, setErrors, fieldsFailed, summary } = useStockRequest<{
    quantity: number;
    reason?: string;
  }>(`/api/admin/items/${encodeURIComponent(item.id)}/stock-counts`, 'count', countLabels, onDone);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    mutation.reset();
    const typed = quantity.trim();
    const local: FieldError[] = /^\d+$/.test(typed)
      ? []
      : [{ path: 'quantity', message: 'must be a whole number, 0 or more' }];
    setErrors(local);
    if (local.length > 0) return;
    mutation.mutate({ quantity: Number(typed), ...(reason.trim() ? { reason: reason.trim() } : {}) });
  };

  return (
    <form onSubmit={onSubmit} className="stack-tight" noValidate>
      <p className="muted">
        {item.name}: {item.stock ?? 0} on hand now. Tandem records the difference as a count.
      </p>
      <ErrorSummary errors={summary} />
      {mutation.isError && !fieldsFailed ? <ErrorMessage error={mutation.error} /> : null}
      <TextField
        id="count-quantity"
        label="Counted quantity"
        hint="How many are on the shelf and in storage now."
        value={quantity}
        onChange={setQuantity}
        error={errorFor(errors, 'quantity')}
        input={{ inputMode: 'numeric', className: 'input-short', autoComplete: 'off' }}
      />
      <TextField
        id="count-reason"
        label="Reason (optional)"
        value={reason}
        onChange={setReason}
        error={errorFor(errors, 'reason')}
        input={{ maxLength: 500, autoComplete: 'off' }}
      />
      <SubmitOrCancel
        label="Save count"
        pendingLabel="Saving…"
        pending={mutation.isPending}
        onCancel={onCancel}
      />
    </form>
  );
}
