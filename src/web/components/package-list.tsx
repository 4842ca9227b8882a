import { Link } from 'react-router';
import type { CustomerPackage } from '../api-client.js';
import { formatMoney } from './money.js';

const statusLabels: Record<CustomerPackage['status'], string> = {
  active: 'Active',
  used_up: 'Used up',
  expired: 'Expired',
  refunded: 'Refunded',
};
const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** Packages with their credits used and left and when they expire: for the customer and for staff. */
export function PackageList({
  packages,
  orderPath,
  headingLevel = 2,
}: {
  packages: readonly CustomerPackage[];
  orderPath: (orderId: string) => string;
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div className="stack">
      {packages.map((p) => (
        <article key={p.id} className="card stack-tight" aria-labelledby={`package-${p.id}`}>
          <Heading id={`package-${p.id}`}>
            {p.name} <span className="badge badge-kind">{statusLabels[p.status]}</span>
          </Heading>
          <table className="table" aria-label={`Credits of ${p.name}`}>
            <thead>
              <tr>
                <th scope="col">Included</th>
                <th scope="col" className="num">
                  Used
                </th>
                <th scope="col" className="num">
                  Left
                </th>
              </tr>
            </thead>
            <tbody>
              {p.credits.map((c) => (
                <tr key={c.itemId}>
                  <td data-label="Included">{c.service}</td>
                  <td data-label="Used" className="num">
                    {c.used} of {c.included}
                  </td>
                  <td data-label="Left" className="num" data-testid="credits-left">
                    {c.remaining}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <dl className="details">
            <dt>{p.status === 'expired' ? 'Expired' : 'Valid until'}</dt>
            <dd>
              <time dateTime={p.expiresAt}>{day.format(new Date(p.expiresAt))}</time>
            </dd>
            {p.discountPercent ? (
              <>
                <dt>Discount</dt>
                <dd>
                  {p.discountPercent}% off other services
                  {p.discountAppliesTo === 'all' ? ' and products' : ''} while valid
                </dd>
              </>
            ) : null}
            <dt>Bought</dt>
            <dd>
              <Link to={orderPath(p.orderId)}>{day.format(new Date(p.createdAt))}</Link> for{' '}
              {formatMoney(p.price, p.currency)}
            </dd>
          </dl>
        </article>
      ))}
    </div>
  );
}
