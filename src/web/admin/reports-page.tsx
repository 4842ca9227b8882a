import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { SalesReportWithBreakdowns as SalesReport } from '../../contracts/reports.js';
import { api, withQuery } from '../api-client.js';
import { BarChart } from '../components/bar-chart.js';
import { DateRangeFields } from '../components/fields.js';
import { formatMoney } from '../components/money.js';
import { channelLabels } from '../components/order-model.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { Tabs } from '../components/tabs.js';
import { ChannelTable, ItemTable, PaymentMethodTable } from './sales-tables.js';
import { useSettings } from './session.js';

type Channel = SalesReport['days'][number]['channel'];
const channelColours: Record<Channel, string> = { in_store: '#1f6f5c', online: '#1d4f8a', cart: '#c28a00' };

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
/** The day it is now in `timeZone`: "YYYY-MM-DD". */
const todayIn = (timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );

/** Every day from `from` to `to`, so that days without sales show as empty. */
function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (
    let d = new Date(`${from}T00:00:00Z`);
    isoDay(d) <= to && days.length < 400;
    d.setUTCDate(d.getUTCDate() + 1)
  ) {
    days.push(isoDay(d));
  }
  return days;
}

export function ReportsPage() {
  usePageTitle('Sales report');
  const [params, setParams] = useSearchParams();
  // The last 30 days up to today in the shop's time zone (Settings), which the report counts days in.
  const settings = useSettings();
  const today = settings.data ? todayIn(settings.data.timeZone) : null;
  const to = params.get('to') ?? today ?? '';
  const from =
    params.get('from') ?? (today ? isoDay(new Date(Date.parse(`${today}T00:00:00Z`) - 29 * 86_400_000)) : '');
  const query = { from, to };
  const report = useQuery({
    queryKey: ['reports', 'sales', query],
    queryFn: () => api<SalesReport>('GET', withQuery('/api/admin/reports/sales', query)),
    enabled: Boolean(from && to),
  });

  return (
    <section aria-labelledby="reports-title" className="stack">
      <div className="page-header">
        <div>
          <h1 id="reports-title">Sales report</h1>
          <p className="muted">
            Sales in store and online by day
            {report.data ? ` (days in ${report.data.timeZone}, the shop’s time zone)` : ''}; refunds count on
            the day they were given.
          </p>
        </div>
      </div>
      <RangeForm
        key={`${from}${to}`}
        from={from}
        to={to}
        onApply={(f, t) => setParams({ from: f, to: t }, { replace: true })}
      />
      {report.isPending ? <Loading what="the report" /> : null}
      {settings.isError ? <ErrorMessage error={settings.error} /> : null}
      {report.isError ? <ErrorMessage error={report.error} /> : null}
      {report.data ? <Report report={report.data} query={query} /> : null}
    </section>
  );
}

function RangeForm({
  from,
  to,
  onApply,
}: {
  from: string;
  to: string;
  onApply: (from: string, to: string) => void;
}) {
  const [f, setF] = useState(from);
  const [t, setT] = useState(to);
  const [error, setError] = useState('');
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!f || !t || f > t) {
      setError('Choose a start day on or before the end day.');
      return;
    }
    setError('');
    onApply(f, t);
  };
  return (
    <form onSubmit={onSubmit} className="inline-form filters" noValidate>
      <DateRangeFields
        idPrefix="report"
        from={f}
        to={t}
        onChange={(range) => {
          setF(range.from);
          setT(range.to);
        }}
      />
      <button type="submit" className="button button-secondary">
        Show
      </button>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}

function CsvLink({ path, query, what }: { path: string; query: Record<string, string>; what: string }) {
  return (
    <a className="button button-secondary" href={withQuery(path, query)} download>
      Export {what} CSV
    </a>
  );
}

function Report({ report, query }: { report: SalesReport; query: Record<string, string> }) {
  const money = (minor: number) => formatMoney(minor, report.currency);
  const days = daysBetween(report.from, report.to);
  const channels = [...new Set(report.days.map((d) => d.channel))];
  const net = (day: string, channel: Channel) =>
    report.days.find((d) => d.day === day && d.channel === channel)?.net ?? 0;
  const profit = (day: string) => report.days.filter((d) => d.day === day).reduce((s, d) => s + d.profit, 0);
  const byDay = (
    <>
      <section className="card report-card stack-tight" aria-labelledby="by-channel-title">
        <div className="report-section-header">
          <h2 id="by-channel-title">By channel</h2>
          <CsvLink path="/api/admin/reports/sales/export" query={query} what="days" />
        </div>
        <ChannelTable report={report} money={money} />
        <p className="muted">
          Gross is what the items’ prices came to before discounts. Net sales are without tax, after discounts
          and refunds. Refunds show what was given back, tax included; their tax comes off Tax.
        </p>
      </section>
      <section className="card stack-tight" aria-labelledby="by-day-title">
        <h2 id="by-day-title">Net sales by day</h2>
        {report.days.length === 0 ? (
          <p className="empty">No sales in these days.</p>
        ) : (
          <>
            <BarChart
              label={`Net sales by day and channel, ${report.from} to ${report.to}`}
              days={days}
              series={channels.map((c) => ({
                name: channelLabels[c],
                colour: channelColours[c],
                value: (d) => net(d, c),
              }))}
              money={money}
            />
            <h2 id="profit-title">Profit by day</h2>
            <BarChart
              label={`Profit by day, ${report.from} to ${report.to}`}
              days={days}
              series={[{ name: 'Profit', colour: '#15524a', value: profit }]}
              money={money}
            />
          </>
        )}
      </section>
    </>
  );
  const byItem = (
    <section className="card report-card stack-tight" aria-labelledby="by-item-title">
      <div className="report-section-header">
        <h2 id="by-item-title">Sales by item</h2>
        <CsvLink path="/api/admin/reports/sales/items/export" query={query} what="items" />
      </div>
      <ItemTable report={report} money={money} />
      <p className="muted">
        Refunds count on the day they were given. A refund is shared among its order’s items in proportion to
        what of each was given back; cost goes down by the goods put back in stock. Gift cards sold are not
        sales: they count when spent.
      </p>
    </section>
  );
  const byMethod = (
    <section className="card report-card stack-tight" aria-labelledby="by-method-title">
      <div className="report-section-header">
        <h2 id="by-method-title">Money by payment method</h2>
        <CsvLink path="/api/admin/reports/sales/payment-methods/export" query={query} what="payments" />
      </div>
      <PaymentMethodTable report={report} money={money} />
      <p className="muted">
        Taken on the orders of these days; given back on these days, whatever day the order was. Less the gift
        cards sold, the money comes to the net sales plus their tax ({money(report.total.net)} +{' '}
        {money(report.total.tax)}). Package credits are services paid for when the package was bought.
      </p>
    </section>
  );
  return (
    <Tabs
      label="Report views"
      tabs={[
        { label: 'Days and channels', content: byDay },
        { label: 'Items', content: byItem },
        { label: 'Payment methods', content: byMethod },
      ]}
    />
  );
}
