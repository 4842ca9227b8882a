import { z } from 'zod';
import { orderChannels } from './orders.js';

const minor = (what: string) => z.number().int().describe(`${what}, in minor units`);

export const receiptLineSchema = z.object({
  id: z.string(),
  name: z.string(),
  sku: z.string().nullable(),
  quantity: z.number().int(),
  unitPrice: minor('price of one'),
  /** Off the line other than by package credits (a cashier's or a plan's discount). */
  discount: minor('off the line, package credits apart'),
  amount: minor(
    'what the line adds to the subtotal: without tax when tax is added, with it when prices include it',
  ),
  packageCredits: z
    .object({ packageId: z.string(), packageName: z.string(), quantity: z.number().int(), value: minor('') })
    .nullable()
    .describe('units a package paid for (charged 0), the package, and what they would have cost'),
  giftCard: z
    .object({ maskedCode: z.string(), kind: z.enum(['virtual', 'physical']) })
    .nullable()
    .describe('the card a gift card line sold and activated'),
  refundedQuantity: z.number().int(),
});
export type ReceiptLine = z.infer<typeof receiptLineSchema>;

export const receiptTenderSchema = z.object({
  method: z.enum(['cash', 'card', 'gift_card', 'cart']),
  /** "Cash", "Visa •••• 1111", "Gift card •••• 4821". */
  label: z.string(),
  amount: minor('applied to the sale'),
  tendered: minor('handed over (cash), or the amount itself'),
  change: minor('given back'),
});

/**
 * A sale's receipt as it is printed: the shop, who sold it, lines whose amounts add up to the
 * subtotal, tax apart (or included), the total, how it was paid and the change, the gift cards it
 * activated and the package credits it used.
 */
export const receiptSchema = z
  .object({
    orderId: z.string(),
    number: z.number().int(),
    channel: z.enum(orderChannels),
    createdAt: z.iso.datetime(),
    store: z.object({
      name: z.string(),
      addressLines: z
        .array(z.string())
        .describe('in the order its country’s post reads them, the country last'),
      phone: z.string(),
      email: z.string(),
      timeZone: z.string().describe('IANA: the receipt prints its time there'),
    }),
    cashier: z.string().nullable().describe('who made the sale; null for an online order'),
    customer: z.string().nullable(),
    currency: z.string(),
    pricesIncludeTax: z.boolean(),
    lines: z.array(receiptLineSchema),
    subtotal: minor('the sum of the lines’ amounts'),
    tax: minor('tax: added to the subtotal, or included in it when prices include tax'),
    total: minor('what the customer paid'),
    tenders: z.array(receiptTenderSchema),
    change: minor('cash given back'),
    refunded: minor('given back since'),
    giftCardsActivated: z.array(
      z.object({
        maskedCode: z.string(),
        kind: z.enum(['virtual', 'physical']),
        amount: minor('on the card'),
      }),
    ),
    packageCreditsUsed: z.array(
      z.object({
        packageName: z.string(),
        itemName: z.string(),
        quantity: z.number().int(),
        value: minor('what the credits would have cost'),
      }),
    ),
  })
  .meta({ id: 'Receipt' });
export type Receipt = z.infer<typeof receiptSchema>;
