import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import type { Order } from '../api-client.js';
import { formatMoney } from '../components/money.js';

/** The sale is made: the change to give, and on to the next customer or the receipt. */
export function SaleDone({ order, onNext }: { order: Order; onNext: () => void }) {
  const money = (minor: number) => formatMoney(minor, order.currency);
  const next = useRef<HTMLButtonElement>(null);
  // The next customer is waiting: the button for a new sale is where the keyboard (or scanner) is.
  useEffect(() => next.current?.focus(), []);
  return (
    <section className="card stack sale-done" aria-labelledby="done-title">
      <h1 id="done-title">Sale #{order.number} complete</h1>
      {order.change > 0 ? (
        <p className="change-due" role="status">
          Change to give: <strong>{money(order.change)}</strong>
        </p>
      ) : null}
      <p>
        Total {money(order.total)}
        {order.customer?.email ? ` · receipt emailed to ${order.customer.email}` : ''}
      </p>
      <div className="form-actions">
        <button ref={next} type="button" className="button button-large" onClick={onNext}>
          New sale
        </button>
        <Link to={`/pos/receipt/${encodeURIComponent(order.id)}`} className="button button-secondary">
          Print receipt
        </Link>
      </div>
    </section>
  );
}
