import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { giftCardLiabilitySchema } from '../../../contracts/giftcards.js';
import { paymentMethodLabels, salesReportWithBreakdownsSchema } from '../../../contracts/reports.js';
import { isTimeZone } from '../../../contracts/settings.js';
import type { AppDeps } from '../../app.js';
import { managers } from '../../platform/auth.js';
import { toCsv } from '../../platform/csv.js';
import type { App } from '../../platform/http.js';
import { formatMajorUnits } from '../../platform/money.js';
import { giftCardLiability } from '../giftcards/index.js';
import { salesBreakdowns, salesReport } from '../orders/index.js';
import { getSettings } from '../settings/index.js';

const timeZoneParam = z
  .string()
  .max(64)
  .refine(isTimeZone, 'must be a time zone such as Europe/Paris')
  .optional()
  .describe('the time zone days are counted in; the shop’s (Settings) when left out');

const reportQuery = z
  .object({
    from: z.iso.date('must be a day, such as 2026-11-01'),
    to: z.iso.date('must be a day, such as 2026-11-30'),
    tz: timeZoneParam,
  })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'must not be before from' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, {
    path: ['to'],
    message: 'must be at most a year after from',
  });

const liabilityQuery = z.object({ tz: timeZoneParam });

const channelNames = { in_store: 'In store', online: 'Online', cart: 'Cart' } as const;

export async function reportRoutes(app: App, deps: AppDeps): Promise<void> {
  const { db } = deps.database;

  const report = async (query: z.infer<typeof reportQuery>) => {
    const settings = await getSettings(db);
    const period = { from: query.from, to: query.to, timeZone: query.tz ?? settings.timeZone };
    const [figures, breakdowns] = await Promise.all([salesReport(db, period), salesBreakdowns(db, period)]);
    return { ...figures, ...breakdowns, currency: settings.currency };
  };
  const csvReply = (reply: FastifyReply, filename: string, csv: string) =>
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .send(csv);

  app.get(
    '/api/admin/reports/sales',
    {
      config: { access: managers },
      schema: {
        tags: ['reports'],
        summary:
          'Sales by day and channel (gross, discounts, tax, net, cost, profit, refunds, orders, average order), by item and by payment method',
        description:
          'Orders count on the day they were placed and refunds subtract on the day they were given, in the time zone ' +
          '`tz` (the shop’s time zone by default). By item, a refund is spread over its order’s items in proportion to ' +
          'what of each was given back. By payment method, money taken less money given back, less gift cards sold ' +
          '(owed, not earned), comes to the net sales plus their tax.',
        querystring: reportQuery,
        response: { 200: salesReportWithBreakdownsSchema },
      },
    },
    async (request) => report(request.query),
  );

  type Report = Awaited<ReturnType<typeof report>>;
  /** A CSV of one part of the sales report: its header and rows, amounts in major units. */
  const salesCsv = (
    path: string,
    summary: string,
    name: string,
    header: string[],
    rows: (r: Report, money: (minor: number) => string) => string[][],
  ) =>
    app.get(
      path,
      {
        config: { access: managers },
        schema: { tags: ['reports'], summary, querystring: reportQuery, produces: ['text/csv'] },
      },
      async (request, reply) => {
        const r = await report(request.query);
        const csv = toCsv(
          header,
          rows(r, (minor) => formatMajorUnits(minor, r.currency)),
        );
        return csvReply(reply, `${name}-${r.from}-to-${r.to}.csv`, csv);
      },
    );

  salesCsv(
    '/api/admin/reports/sales/export',
    'The same sales by day and channel, as CSV',
    'sales',
    [
      'day',
      'channel',
      'orders',
      'gross',
      'discounts',
      'tax',
      'net',
      'cost',
      'profit',
      'refunds',
      'average order',
    ],
    (r, money) =>
      r.days.map((d) => [
        d.day,
        channelNames[d.channel],
        String(d.orders),
        ...[d.gross, d.discounts, d.tax, d.net, d.cost, d.profit, d.refunds, d.averageOrder].map(money),
      ]),
  );

  salesCsv(
    '/api/admin/reports/sales/items/export',
    'Sales by item for the same period, as CSV',
    'sales-by-item',
    ['item', 'sku', 'kind', 'quantity', 'gross', 'discounts', 'net', 'cost', 'profit', 'refunds'],
    (r, money) =>
      r.byItem.map((i) => [
        i.name,
        i.sku ?? '',
        i.kind,
        String(i.quantity),
        ...[i.gross, i.discounts, i.net, i.cost, i.profit, i.refunds].map(money),
      ]),
  );

  salesCsv(
    '/api/admin/reports/sales/payment-methods/export',
    'Money taken and given back by payment method for the same period, as CSV',
    'sales-by-payment-method',
    ['payment method', 'payments', 'taken', 'refunds', 'refunded', 'net'],
    (r, money) => [
      // Card payments by brand right after the card's own row.
      ...r.byPaymentMethod.flatMap((m) =>
        [
          { ...m, label: paymentMethodLabels[m.method] },
          ...(m.method === 'card' ? r.byCardBrand.map((b) => ({ ...b, label: `Card: ${b.brand}` })) : []),
        ].map((row) => [
          row.label,
          String(row.payments),
          money(row.taken),
          String(row.refunds),
          money(row.refunded),
          money(row.net),
        ]),
      ),
      ['All payments', '', money(r.payments.taken), '', money(r.payments.refunded), money(r.payments.net)],
      ['Less gift cards sold (owed to their holders)', '', '', '', '', money(0 - r.payments.giftCardsSold)],
      ['Net sales with tax', '', '', '', '', money(r.payments.sales)],
    ],
  );

  const liability = async (tz: string | undefined) => {
    const settings = await getSettings(db);
    const figures = await giftCardLiability(db, tz ?? settings.timeZone);
    return { ...figures, currency: settings.currency };
  };

  app.get(
    '/api/admin/reports/gift-cards',
    {
      config: { access: managers },
      schema: {
        tags: ['reports'],
        summary:
          'What is owed on gift cards, by month of issue: issued, reloaded, redeemed, adjusted, outstanding',
        querystring: liabilityQuery,
        response: { 200: giftCardLiabilitySchema.extend({ currency: z.string() }) },
      },
    },
    async (request) => liability(request.query.tz),
  );

  app.get(
    '/api/admin/reports/gift-cards/export',
    {
      config: { access: managers },
      schema: {
        tags: ['reports'],
        summary: 'The same gift card liability by month of issue, as CSV',
        querystring: liabilityQuery,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const r = await liability(request.query.tz);
      const money = (minor: number) => formatMajorUnits(minor, r.currency);
      const csv = toCsv(
        ['month of issue', 'cards', 'issued', 'reloaded', 'redeemed', 'adjusted', 'outstanding'],
        r.months.map((m) => [
          m.month,
          String(m.cards),
          ...[m.issued, m.reloaded, m.redeemed, m.adjusted, m.outstanding].map(money),
        ]),
      );
      return csvReply(reply, 'gift-card-liability.csv', csv);
    },
  );
}
