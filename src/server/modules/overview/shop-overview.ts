import type { ComparedSales, ShopOverview } from '../../../contracts/overview.js';
import { addDays, dayIn, mondayOf, startOfDay } from '../../platform/days.js';
import type { Tx } from '../../platform/db.js';
import { countLowStockItems } from '../catalog/index.js';
import { membershipsToWatch } from '../memberships/index.js';
import { countOrders, recentRefunds, type SalesReport, salesReport } from '../orders/index.js';
import { getSettings } from '../settings/index.js';

/** Renewals coming in this many days, today included, and refunds given in as many. */
const WATCH_DAYS = 7;

/** The report's figures between two days (inclusive), by channel, against the same days a week before. */
function compare(report: SalesReport, from: string, to: string): ComparedSales {
  const compareFrom = addDays(from, -7);
  const compareTo = addDays(to, -7);
  const channels = new Map<string, ComparedSales['byChannel'][number]>();
  for (const d of report.days) {
    const thisWeek = d.day >= from && d.day <= to;
    const lastWeek = d.day >= compareFrom && d.day <= compareTo;
    if (!thisWeek && !lastWeek) continue;
    const c = channels.get(d.channel) ?? {
      channel: d.channel,
      net: 0,
      orders: 0,
      lastWeekNet: 0,
      lastWeekOrders: 0,
    };
    if (thisWeek) {
      c.net += d.net;
      c.orders += d.orders;
    } else {
      c.lastWeekNet += d.net;
      c.lastWeekOrders += d.orders;
    }
    channels.set(d.channel, c);
  }
  const byChannel = [...channels.values()].sort((a, b) => a.channel.localeCompare(b.channel));
  const total = (k: 'net' | 'orders' | 'lastWeekNet' | 'lastWeekOrders') =>
    byChannel.reduce((s, c) => s + c[k], 0);
  return {
    from,
    to,
    compareFrom,
    compareTo,
    byChannel,
    total: {
      net: total('net'),
      orders: total('orders'),
      lastWeekNet: total('lastWeekNet'),
      lastWeekOrders: total('lastWeekOrders'),
    },
  };
}

/**
 * How the shop is doing today and this week (against the same days of last week) and what needs
 * doing: orders to ship, products running low, memberships to renew or whose renewal failed,
 * recent refunds. Days are the shop's (its time zone setting). A handful of queries in all.
 */
export async function shopOverview(tx: Tx, now: Date): Promise<ShopOverview> {
  const settings = await getSettings(tx);
  const { timeZone } = settings;
  const today = dayIn(now, timeZone);
  const monday = mondayOf(today);
  const dueBy = addDays(today, WATCH_DAYS - 1);
  const since = addDays(today, -(WATCH_DAYS - 1));
  const [report, toShip, lowStock, memberships, refunds] = await Promise.all([
    // Monday of last week to today: this week's days and last week's same days in one report.
    salesReport(tx, { from: addDays(monday, -7), to: today, timeZone }),
    countOrders(tx, {
      channels: ['online'],
      paymentStatus: 'paid',
      fulfillmentStatus: 'unfulfilled',
      delivery: 'shipping',
    }),
    countLowStockItems(tx),
    membershipsToWatch(tx, startOfDay(addDays(dueBy, 1), timeZone)),
    recentRefunds(tx, { since: startOfDay(since, timeZone), limit: 5 }),
  ]);
  return {
    timeZone,
    currency: settings.currency,
    today,
    sales: { today: compare(report, today, today), week: compare(report, monday, today) },
    toShip,
    lowStock,
    memberships: { dueBy, ...memberships },
    refunds: { since, ...refunds },
  };
}
