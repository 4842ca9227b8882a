import { Link } from 'react-router';
import type { ComparedSales } from '../../contracts/overview.js';
import { withQuery } from '../api-client.js';
import { formatMoney } from '../components/money.js';
import { channelLabels } from '../components/order-model.js';

type Channel = keyof typeof channelLabels;

/** The order list of some days, in one channel or all: what a sales figure is made of. */
export const ordersOf = (from: string, to: string, channel?: Channel) =>
  withQuery('/admin/orders', { channel, from, to });

/** "+12%" or "−5%" against last week; nothing to compare with when last week sold nothing. */
function change(now: number, before: number): { text: string; tone: 'up' | 'down' | 'same' } {
  if (before === 0) return { text: now === 0 ? 'same' : 'new', tone: now === 0 ? 'same' : 'up' };
  const percent = Math.round(((now - before) / Math.abs(before)) * 100);
  if (percent === 0) return { text: 'same', tone: 'same' };
  return { text: `${percent > 0 ? '+' : '−'}${Math.abs(percent)}%`, tone: percent > 0 ? 'up' : 'down' };
}

/**
 * Net sales (no tax, after discounts and refunds) and orders by channel for a span of days, each
 * against the same days of last week, every figure a link to the orders it counts.
 */
export function SalesTable({
  title,
  sales,
  currency,
  id,
}: {
  title: string;
  sales: ComparedSales;
  currency: string;
  id: string;
}) {
  const money = (minor: number) => formatMoney(minor, currency);
  const channels = (Object.keys(channelLabels) as Channel[]).map(
    (channel) =>
      sales.byChannel.find((c) => c.channel === channel) ?? {
        channel,
        net: 0,
        orders: 0,
        lastWeekNet: 0,
        lastWeekOrders: 0,
      },
  );
  const row = (
    label: string,
    figures: { net: number; orders: number; lastWeekNet: number; lastWeekOrders: number },
    channel?: Channel,
  ) => {
    const delta = change(figures.net, figures.lastWeekNet);
    const cell = (heading: string, to: string, net: number, orders: number, name: string) => (
      <td data-label={heading} className="num">
        <span>
          <Link to={to} aria-label={name}>
            {money(net)}
          </Link>
          <span className="row-meta overview-orders">
            {' '}
            {orders} order{orders === 1 ? '' : 's'}
          </span>
        </span>
      </td>
    );
    return (
      <tr key={label} className={channel ? undefined : 'overview-total'}>
        <th scope="row">{label}</th>
        {cell(
          'Net sales',
          ordersOf(sales.from, sales.to, channel),
          figures.net,
          figures.orders,
          `${title}, ${label}: orders`,
        )}
        {cell(
          'Last week',
          ordersOf(sales.compareFrom, sales.compareTo, channel),
          figures.lastWeekNet,
          figures.lastWeekOrders,
          `${title}, ${label}, last week: orders`,
        )}
        <td data-label="Change" className="num">
          <span className={`overview-change overview-change-${delta.tone}`}>{delta.text}</span>
        </td>
      </tr>
    );
  };
  return (
    <section className="card stack-tight" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <table className="table responsive-table overview-sales">
        <caption className="visually-hidden">
          {title}: net sales by channel against the same days of last week
        </caption>
        <thead>
          <tr>
            <th scope="col">Channel</th>
            <th scope="col" className="num">
              Net sales
            </th>
            <th scope="col" className="num">
              Last week
            </th>
            <th scope="col" className="num">
              Change
            </th>
          </tr>
        </thead>
        <tbody>
          {channels.map((c) => row(channelLabels[c.channel], c, c.channel))}
          {row('All channels', sales.total)}
        </tbody>
      </table>
    </section>
  );
}
