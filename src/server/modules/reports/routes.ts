import { z } from 'zod';
import { giftCardLiabilitySchema } from '../../../contracts/giftcards.js';
import { salesReportSchema } from '../../../contracts/orders.js';
import { isTimeZone } from '../../../contracts/settings.js';
import type { AppDeps } from '../../app.js';
import { managers } from '../../platform/auth.js';
import { toCsv } from '../../platform/csv.js';
import type { App } from '../../platform/http.js';
import { formatMajorUnits } from '../../platform/money.js';
import { giftCardLiability } from '../giftcards/index.js';
import { salesReport } from '../orders/index.js';
import { getSettings } from '../settings/index.js';

const reportQuery = z
  .object({
    from: z.iso.date('must be a day, such as 2026-11-01'),
    to: z.iso.date('must be a day, such as 2026-11-30'),
    tz: z.string().max(64).refine(isTimeZone, 'must be a time zone such as Europe/Paris').default('UTC'),
  })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'must not be before from' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, {
    path: ['to'],
    message: 'must be at most a year after from',
  });

const liabilityQuery = z.object({
  tz: z.string().max(64).refine(isTimeZone, 'must be a time zone such as Europe/Paris').default('UTC'),
});

const channelNames = { in_store: 'In store', online: 'Online', cart: 'Cart' } as const;

export async function reportRoutes(app: App, deps: AppDeps): Promise<void> {
  const { db } = deps.database;

  const report = async (query: z.infer<typeof reportQuery>) => {
    const [figures, settings] = await Promise.all([
      salesReport(db, { from: query.from, to: query.to, timeZone: query.tz }),
      getSettings(db),
    ]);
    return { ...figures, currency: settings.currency };
  };

  app.get(
    '/api/admin/reports/sales',
    {
      config: { access: managers },
      schema: {
        tags: ['reports'],
        summary:
          'Sales by day and channel: gross, discounts, tax, net, cost, profit, refunds, orders, average order',
        description:
          'Orders count on the day they were placed and refunds subtract on the day they were given, in the time zone ' +
          '`tz` (UTC by default).',
        querystring: reportQuery,
        response: { 200: salesReportSchema },
      },
    },
    async (request) => report(request.query),
  );

  app.get(
    '/api/admin/reports/sales/export',
    {
      config: { access: managers },
      schema: {
        tags: ['reports'],
        summary: 'The same sales by day and channel, as CSV',
        querystring: reportQuery,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const r = await report(request.query);
      const money = (minor: number) => formatMajorUnits(minor, r.currency);
      const csv = toCsv(
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
        r.days.map((d) => [
          d.day,
          channelNames[d.channel],
          String(d.orders),
          ...[d.gross, d.discounts, d.tax, d.net, d.cost, d.profit, d.refunds, d.averageOrder].map(money),
        ]),
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="sales-${r.from}-to-${r.to}.csv"`)
        .send(csv);
    },
  );

  const liability = async (tz: string) => {
    const [figures, settings] = await Promise.all([giftCardLiability(db, tz), getSettings(db)]);
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
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="gift-card-liability.csv"')
        .send(csv);
    },
  );
}
