import { z } from 'zod';
import { salesReportSchema } from './orders.js';

const minor = (what: string) => z.number().int().describe(`${what}, in minor units`);

export const salesByItemSchema = z
  .object({
    itemId: z.string().nullable(),
    name: z.string(),
    sku: z.string().nullable(),
    kind: z.string(),
    quantity: z.number().int().describe('units sold in the period (package credits included)'),
    gross: minor('before discounts'),
    discounts: minor('taken off'),
    net: minor('without tax, after discounts and the refunds given in the period'),
    cost: minor('cost of the units sold, less goods put back in stock'),
    profit: minor('net − cost'),
    refunds: minor('given back in the period, tax included'),
  })
  .meta({ id: 'SalesByItem' });
export type SalesByItem = z.infer<typeof salesByItemSchema>;

export const paymentMethodKinds = ['cash', 'card', 'gift_card', 'cart', 'package_credits', 'other'] as const;
export type PaymentMethodKindName = (typeof paymentMethodKinds)[number];

/** How reports name each way of paying. */
export const paymentMethodLabels: Record<PaymentMethodKindName, string> = {
  cash: 'Cash',
  card: 'Card',
  gift_card: 'Gift card',
  cart: 'Paid in a cart',
  package_credits: 'Package credits',
  other: 'Other',
};
export type PaymentMethodKind = (typeof paymentMethodKinds)[number];

export const salesByPaymentMethodSchema = z
  .object({
    method: z
      .enum(paymentMethodKinds)
      .describe(
        '`cart`: paid in a connected cart; `package_credits`: services paid with a package’s credits (no money: the package was paid when bought); `other`: paid outside the register and the shop, or refunds recorded before their way was kept',
      ),
    payments: z.number().int().describe('payments taken (for package credits, the units covered)'),
    taken: minor('money taken on orders placed in the period'),
    refunds: z.number().int().describe('refunds given in the period'),
    refunded: minor('money given back in the period'),
    net: minor('taken − refunded'),
  })
  .meta({ id: 'SalesByPaymentMethod' });
export type SalesByPaymentMethod = z.infer<typeof salesByPaymentMethodSchema>;

export const salesByCardBrandSchema = salesByPaymentMethodSchema
  .omit({ method: true })
  .extend({ brand: z.string().describe('"Visa", "Mastercard"…; "Card" when the gateway did not say') })
  .meta({ id: 'SalesByCardBrand' });

/** How the money taken adds up to the sales: what was gift cards sold is owed, not earned. */
export const paymentTotalsSchema = z.object({
  taken: minor('all money taken'),
  refunded: minor('all money given back'),
  net: minor('taken − refunded'),
  giftCardsSold: minor('of that, gift cards sold less those refunded: owed to their holders'),
  sales: minor('net − gift cards sold: the period’s net sales plus their tax'),
});

export const salesReportWithBreakdownsSchema = salesReportSchema
  .extend({
    byItem: z.array(salesByItemSchema).describe('by item, most net sales first'),
    byPaymentMethod: z.array(salesByPaymentMethodSchema),
    byCardBrand: z.array(salesByCardBrandSchema).describe('the card payments of byPaymentMethod, by brand'),
    payments: paymentTotalsSchema,
  })
  .meta({ id: 'SalesReportWithBreakdowns' });
export type SalesReportWithBreakdowns = z.infer<typeof salesReportWithBreakdownsSchema>;
