import { useId } from 'react';
import { Link } from 'react-router';
import type { GiftCard, LedgerEntry } from '../api-client.js';
import { formatDateTime } from './format.js';
import { ledgerKindLabels } from './gift-card-model.js';
import { formatMoney } from './money.js';

/** The card's ledger, oldest first: every change to its balance, who made it and why. */
export function Ledger({
  card,
  entries,
  orderPath,
}: {
  card: Pick<GiftCard, 'currency'>;
  entries: LedgerEntry[];
  /** Where an entry's order is seen by whoever looks (staff, or the card's owner). */
  orderPath: (orderId: string) => string;
}) {
  const titleId = useId();
  return (
    <section className="card stack-tight" aria-labelledby={titleId}>
      <h2 id={titleId}>Ledger</h2>
      <table className="table responsive-table" aria-labelledby={titleId}>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">What</th>
            <th scope="col" className="num">
              Amount
            </th>
            <th scope="col" className="num">
              Balance after
            </th>
            <th scope="col">By</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td data-label="Time" className="nowrap">
                <time dateTime={e.at}>{formatDateTime(e.at)}</time>
              </td>
              <td data-label="What">
                {ledgerKindLabels[e.kind]}
                {e.reason ? <span className="row-meta"> · {e.reason}</span> : null}
                {e.orderId ? (
                  <span className="row-meta">
                    {' '}
                    · <Link to={orderPath(e.orderId)}>order</Link>
                  </span>
                ) : null}
              </td>
              <td data-label="Amount" className="num">
                {e.amount > 0 ? '+' : ''}
                {formatMoney(e.amount, card.currency)}
              </td>
              <td data-label="Balance after" className="num">
                {formatMoney(e.balanceAfter, card.currency)}
              </td>
              <td data-label="By">{e.actor}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
