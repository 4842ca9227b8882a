import { z } from 'zod';
import { subscriptionSchema } from './memberships.js';
import { orderChannels } from './orders.js';

const day = z.iso.date();
const channel = z.enum(orderChannels);

/** Sales in a span of days against the same days a week before: net (no tax, after refunds) and orders. */
const comparedSales = z.object({
  from: day,
  to: day,
  compareFrom: day.describe('the same days of last week'),
  compareTo: day,
  byChannel: z.array(
    z.object({
      channel,
      net: z.number().int(),
      orders: z.number().int(),
      lastWeekNet: z.number().int(),
      lastWeekOrders: z.number().int(),
    }),
  ),
  total: z.object({
    net: z.number().int(),
    orders: z.number().int(),
    lastWeekNet: z.number().int(),
    lastWeekOrders: z.number().int(),
  }),
});
export type ComparedSales = z.infer<typeof comparedSales>;

/** The back office's first page: how the shop is doing and what needs doing, days in the shop's time zone. */
export const shopOverviewSchema = z
  .object({
    timeZone: z.string(),
    currency: z.string(),
    today: day,
    sales: z.object({ today: comparedSales, week: comparedSales.describe('Monday to today') }),
    toShip: z.number().int().describe('online orders paid, not yet shipped, to be sent by courier'),
    lowStock: z.number().int().describe('products at or below their low-stock threshold'),
    memberships: z.object({
      dueBy: day.describe('renewals due on or before this day (the next 7 days)'),
      due: z.number().int(),
      dueAmount: z.number().int().describe('what those renewals will charge'),
      failing: z.number().int().describe('renewals declined: retrying, or past due'),
    }),
    refunds: z.object({
      since: day.describe('the last 7 days, today included'),
      count: z.number().int(),
      amount: z.number().int(),
      latest: z.array(
        z.object({
          id: z.string(),
          orderId: z.string(),
          number: z.number().int(),
          channel,
          customerName: z.string().nullable(),
          amount: z.number().int(),
          createdAt: z.iso.datetime(),
        }),
      ),
    }),
  })
  .meta({ id: 'ShopOverview' });
export type ShopOverview = z.infer<typeof shopOverviewSchema>;

/** What a customer has done with the shop, for their page: spend in every channel and memberships. */
export const customerSummarySchema = z
  .object({
    customerId: z.string(),
    currency: z.string(),
    orders: z.number().int().describe('in every channel, pending imported ones included'),
    spent: z.number().int().describe('what their orders came to (gift cards bought count when spent)'),
    refunded: z.number().int(),
    net: z.number().int().describe('lifetime spend: spent less refunded'),
    firstOrderAt: z.iso.datetime().nullable(),
    lastOrderAt: z.iso.datetime().nullable(),
    byChannel: z.array(
      z.object({
        channel,
        orders: z.number().int(),
        spent: z.number().int(),
        refunded: z.number().int(),
        net: z.number().int(),
      }),
    ),
    memberships: z.array(subscriptionSchema).describe('every membership they bought, the newest first'),
  })
  .meta({ id: 'CustomerSummary' });
export type CustomerSummary = z.infer<typeof customerSummarySchema>;
