import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, type GiftCardLiability } from '../api-client.js';
import { BarChart } from '../components/bar-chart.js';
import { formatMoney } from '../components/money.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading } from '../components/status.js';

const monthName = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' });
const monthLabel = (month: string) => monthName.format(new Date(`${month}-01T00:00:00Z`));

/** What is owed on gift cards, by the month they were issued: a debt until the cards are spent. */
export function GiftCardLiabilityPage() {
  usePageTitle('Gift card liability');
  const report = useQuery({
    // Months in the shop's time zone (Settings).
    queryKey: ['gift-card-liability'],
    queryFn: () => api<GiftCardLiability & { currency: string }>('GET', '/api/admin/reports/gift-cards'),
  });
  const r = report.data;
  const money = (minor: number) => formatMoney(minor, r?.currency ?? 'USD');
  return (
    <section aria-labelledby="liability-title" className="stack">
      <p>
        <Link to="/admin/gift-cards">Back to gift cards</Link>
      </p>
      <div className="page-header">
        <div>
          <h1 id="liability-title">Gift card liability</h1>
          <p className="muted">
            Money on gift cards belongs to their holders until they spend it. By month of issue: what went
            onto the cards, what has been spent, and what is still outstanding.
          </p>
        </div>
        <div className="header-actions">
          <a className="button button-secondary" href="/api/admin/reports/gift-cards/export" download>
            Download CSV
          </a>
        </div>
      </div>
      {report.isPending ? <Loading what="the report" /> : null}
      {report.isError ? <ErrorMessage error={report.error} /> : null}
      {r && r.months.length === 0 ? <p className="empty">No gift cards yet.</p> : null}
      {r && r.months.length > 0 ? (
        <>
          <BarChart
            label="Redeemed and outstanding by month of issue"
            days={r.months.map((m) => m.month)}
            tick={monthLabel}
            money={money}
            series={[
              {
                name: 'Redeemed',
                colour: '#1f6f5c',
                value: (m) => r.months.find((x) => x.month === m)!.redeemed,
              },
              {
                name: 'Outstanding',
                colour: '#c27c0e',
                value: (m) => r.months.find((x) => x.month === m)!.outstanding,
              },
            ]}
          />
          <table className="table responsive-table">
            <caption className="visually-hidden">Gift card liability by month of issue</caption>
            <thead>
              <tr>
                <th scope="col">Month of issue</th>
                <th scope="col" className="num">
                  Cards
                </th>
                <th scope="col" className="num">
                  Issued
                </th>
                <th scope="col" className="num">
                  Reloaded
                </th>
                <th scope="col" className="num">
                  Redeemed
                </th>
                <th scope="col" className="num">
                  Adjusted
                </th>
                <th scope="col" className="num">
                  Outstanding
                </th>
              </tr>
            </thead>
            <tbody>
              {[
                ...r.months.map((m) => ({ key: m.month, label: monthLabel(m.month), ...m })),
                { key: 'total', label: 'Total', ...r.total },
              ].map((m) => (
                <tr key={m.key} className={m.key === 'total' ? 'total-row' : undefined}>
                  <th scope="row" data-label="Month of issue">
                    {m.label}
                  </th>
                  <td data-label="Cards" className="num">
                    {m.cards}
                  </td>
                  <td data-label="Issued" className="num">
                    {money(m.issued)}
                  </td>
                  <td data-label="Reloaded" className="num">
                    {money(m.reloaded)}
                  </td>
                  <td data-label="Redeemed" className="num">
                    {money(m.redeemed)}
                  </td>
                  <td data-label="Adjusted" className="num">
                    {money(m.adjusted)}
                  </td>
                  <td
                    data-label="Outstanding"
                    className="num"
                    data-testid={m.key === 'total' ? 'outstanding-total' : undefined}
                  >
                    {money(m.outstanding)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">
            Issued + reloaded − redeemed + adjusted = outstanding. Redeemed is net of refunds put back onto
            cards; adjusted includes voided and expired cards.
          </p>
        </>
      ) : null}
    </section>
  );
}
