import type { ReactNode } from 'react';
import { paymentMethodLabels, type SalesReportWithBreakdowns } from '../../contracts/reports.js';
import { channelLabels } from '../components/order-model.js';
import './reports.css';

type Report = SalesReportWithBreakdowns;
type Money = (minor: number) => string;

/** A report table: compact enough to show every column at 1366 px, scrolling inside itself on a phone. */
function ReportTable({
  id,
  caption,
  columns,
  children,
}: {
  id: string;
  caption: string;
  columns: { label: string; num?: boolean }[];
  children: ReactNode;
}) {
  return (
    <div className="report-table-scroll">
      <table className="table report-table" aria-labelledby={id} data-testid={id}>
        <caption id={id} className="visually-hidden">
          {caption}
        </caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.label} scope="col" className={c.num ? 'num' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

const channelFigures: [string, keyof Report['total']][] = [
  ['Orders', 'orders'],
  ['Gross', 'gross'],
  ['Discounts', 'discounts'],
  ['Refunds', 'refunds'],
  ['Tax', 'tax'],
  ['Net sales', 'net'],
  ['Cost', 'cost'],
  ['Profit', 'profit'],
  ['Average order', 'averageOrder'],
];

export function ChannelTable({ report, money }: { report: Report; money: Money }) {
  const rows = [...report.byChannel, { channel: 'all' as const, ...report.total }];
  return (
    <ReportTable
      id="by-channel-table"
      caption="Sales by channel"
      columns={[{ label: 'Channel' }, ...channelFigures.map(([label]) => ({ label, num: true }))]}
    >
      {rows.map((row) => (
        <tr key={row.channel} className={row.channel === 'all' ? 'row-total' : undefined}>
          <th scope="row">{row.channel === 'all' ? 'All channels' : channelLabels[row.channel]}</th>
          {channelFigures.map(([label, key]) => (
            <td key={label} className="num">
              {key === 'orders' ? row[key] : money(row[key])}
            </td>
          ))}
        </tr>
      ))}
    </ReportTable>
  );
}

const itemFigures = [
  ['Gross', 'gross'],
  ['Discounts', 'discounts'],
  ['Refunds', 'refunds'],
  ['Net sales', 'net'],
  ['Cost', 'cost'],
  ['Profit', 'profit'],
] as const;

export function ItemTable({ report, money }: { report: Report; money: Money }) {
  if (report.byItem.length === 0) return <p className="empty">Nothing sold in these days.</p>;
  const sum = (key: (typeof itemFigures)[number][1] | 'quantity') =>
    report.byItem.reduce((s, i) => s + i[key], 0);
  return (
    <ReportTable
      id="by-item-table"
      caption="Sales by item"
      columns={[
        { label: 'Item' },
        { label: 'Sold', num: true },
        ...itemFigures.map(([label]) => ({ label, num: true })),
      ]}
    >
      {report.byItem.map((item) => (
        <tr key={item.itemId ?? `name:${item.name}`}>
          <th scope="row" className="report-name">
            {item.name}
            {item.sku ? <span className="muted report-sku">{item.sku}</span> : null}
          </th>
          <td className="num">{item.quantity}</td>
          {itemFigures.map(([label, key]) => (
            <td key={label} className="num">
              {money(item[key])}
            </td>
          ))}
        </tr>
      ))}
      <tr className="row-total">
        <th scope="row">All items</th>
        <td className="num">{sum('quantity')}</td>
        {itemFigures.map(([label, key]) => (
          <td key={label} className="num">
            {money(sum(key))}
          </td>
        ))}
      </tr>
    </ReportTable>
  );
}

function MethodRow({
  label,
  row,
  money,
  brand = false,
}: {
  label: string;
  row: Omit<Report['byPaymentMethod'][number], 'method'>;
  money: Money;
  brand?: boolean;
}) {
  return (
    <tr className={brand ? 'report-subrow' : undefined}>
      <th scope="row">{label}</th>
      <td className="num">{row.payments}</td>
      <td className="num">{money(row.taken)}</td>
      <td className="num">{row.refunds}</td>
      <td className="num">{money(row.refunded)}</td>
      <td className="num">{money(row.net)}</td>
    </tr>
  );
}

export function PaymentMethodTable({ report, money }: { report: Report; money: Money }) {
  const p = report.payments;
  const columns = ['Payment method', 'Payments', 'Taken', 'Refunds', 'Given back', 'Net'];
  return (
    <ReportTable
      id="by-method-table"
      caption="Money by payment method"
      columns={columns.map((label, i) => ({ label, num: i > 0 }))}
    >
      {report.byPaymentMethod.flatMap((m) => [
        <MethodRow key={m.method} label={paymentMethodLabels[m.method]} row={m} money={money} />,
        // Card payments by brand, under the card's own row.
        ...(m.method === 'card' && report.byCardBrand.some((b) => b.brand !== 'Card')
          ? report.byCardBrand.map((b) => (
              <MethodRow key={`card-${b.brand}`} label={b.brand} row={b} money={money} brand />
            ))
          : []),
      ])}
      <tr className="row-total">
        <th scope="row">All payments</th>
        <td />
        <td className="num">{money(p.taken)}</td>
        <td />
        <td className="num">{money(p.refunded)}</td>
        <td className="num">{money(p.net)}</td>
      </tr>
      <tr>
        <th scope="row" colSpan={5}>
          Less gift cards sold, owed to their holders until spent
        </th>
        <td className="num">{money(0 - p.giftCardsSold)}</td>
      </tr>
      <tr className="row-total">
        <th scope="row" colSpan={5}>
          Net sales with their tax
        </th>
        <td className="num" data-testid="payments-sales">
          {money(p.sales)}
        </td>
      </tr>
    </ReportTable>
  );
}
