import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, type Order, type OrderSummary } from '../api-client.js';
import { documentKindLabels } from './order-model.js';
import { ErrorMessage } from './status.js';
import './cart-order.css';

/** "Cart · #1234" and "Pending": where an imported order came from, and that it waits for staff. */
export function CartOrderMarks({
  order,
}: {
  order: Pick<OrderSummary, 'channel' | 'state' | 'externalNumber'>;
}) {
  return (
    <>
      {order.channel === 'cart' || order.externalNumber ? (
        <>
          {' '}
          <span className="badge badge-kind nowrap">
            Cart{order.externalNumber ? ` · #${order.externalNumber}` : ''}
          </span>
        </>
      ) : null}
      {order.state === 'pending' ? (
        <>
          {' '}
          <span className="badge badge-queued">Pending</span>
        </>
      ) : null}
    </>
  );
}

/** The cart an order page shows: the cart's own number and the document it was imported as. */
export function CartOrderSource({ order }: { order: Pick<Order, 'cart' | 'state'> }) {
  if (!order.cart) return null;
  const kind = order.cart.documentKind ? documentKindLabels[order.cart.documentKind] : null;
  return (
    <p className="muted cart-source">
      Imported from a cart
      {order.cart.number ? (
        <>
          {' '}
          as its order <strong>#{order.cart.number}</strong>
        </>
      ) : null}
      {kind ? `, a ${kind.toLowerCase()}` : ''}.{' '}
      {order.state === 'pending'
        ? 'Pending: it moves stock and counts in reports once confirmed.'
        : 'Confirmed: its stock and sales are counted.'}
    </p>
  );
}

/**
 * Confirms a pending imported order: its products then leave stock and it counts in reports.
 * Lists and the order itself are read again after.
 */
export function ConfirmOrderButton({
  order,
  onConfirmed,
  compact = false,
}: {
  order: { id: string; number: number };
  onConfirmed?: (next: Order, message: string) => void;
  compact?: boolean;
}) {
  const queryClient = useQueryClient();
  const confirm = useMutation({
    mutationFn: () => api<Order>('POST', `/api/admin/orders/${encodeURIComponent(order.id)}/confirm`),
    onSuccess: (next) => {
      onConfirmed?.(next, `Order #${next.number} is confirmed: its stock and sales are counted.`);
      return queryClient.invalidateQueries({ queryKey: ['orders'] });
    },
  });
  return (
    <div className={compact ? 'confirm-order confirm-order-compact' : 'confirm-order'}>
      <button
        type="button"
        className={compact ? 'button button-small' : 'button'}
        onClick={() => confirm.mutate()}
        disabled={confirm.isPending}
        aria-label={compact ? `Confirm order #${order.number}` : undefined}
      >
        {confirm.isPending ? 'Confirming…' : 'Confirm'}
      </button>
      {confirm.isError ? <ErrorMessage error={confirm.error} /> : null}
    </div>
  );
}
