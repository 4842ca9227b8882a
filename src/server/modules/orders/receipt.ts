import { addressLines } from '../../../contracts/address-format.js';
import type { Receipt } from '../../../contracts/receipts.js';
import type { Settings } from '../../../contracts/settings.js';
import type { LineRow, OrderRow, TenderRow } from './orders.js';

type CardLabel = { maskedCode: string; kind: 'virtual' | 'physical' };

/** What the receipt knows besides the order's own rows, each read in one query. */
export interface ReceiptContext {
  settings: Settings;
  /** Who made the sale, as people know them. */
  cashier: string | null;
  /** "Visa •••• 1111" by payment id. */
  cards: ReadonlyMap<string, string>;
  /** Gift cards sold or redeemed on the order, by id. */
  giftCards: ReadonlyMap<string, CardLabel>;
  /** The names of the packages whose credits the order used, by id. */
  packages: ReadonlyMap<string, string>;
}

/**
 * A sale's receipt. Each line's amount is what it adds to the subtotal: its price after discounts,
 * without tax when tax is added (so the lines add up to the subtotal and tax comes on top), with it
 * when prices include tax (the subtotal is then the total, and the tax in it is shown apart).
 */
export function toReceipt(
  row: OrderRow,
  lines: readonly LineRow[],
  tenders: readonly TenderRow[],
  context: ReceiptContext,
): Receipt {
  const sorted = [...lines].sort((a, b) => a.position - b.position);
  const receiptLines = sorted.map((l) => {
    const creditValue = l.creditsUsed * l.unitPrice;
    const packageName = l.creditsUsed > 0 && l.packageId ? context.packages.get(l.packageId) : undefined;
    const card = l.giftCardId ? context.giftCards.get(l.giftCardId) : undefined;
    return {
      id: l.id,
      name: l.name,
      sku: l.sku,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discount: Math.max(0, l.discount - creditValue),
      amount: row.pricesIncludeTax ? l.total : l.net,
      packageCredits:
        l.creditsUsed > 0 && l.packageId
          ? {
              packageId: l.packageId,
              packageName: packageName ?? 'Package',
              quantity: l.creditsUsed,
              value: creditValue,
            }
          : null,
      giftCard: card ? { maskedCode: card.maskedCode, kind: card.kind } : null,
      refundedQuantity: l.refundedQuantity,
    };
  });
  const { settings } = context;
  return {
    orderId: row.id,
    number: row.number,
    channel: row.channel,
    createdAt: row.createdAt.toISOString(),
    store: {
      name: settings.businessName,
      addressLines: addressLines({ ...settings.store, phone: null }),
      phone: settings.store.phone,
      email: settings.store.email,
      timeZone: settings.timeZone,
    },
    cashier: context.cashier,
    customer: row.customerName,
    currency: row.currency,
    pricesIncludeTax: row.pricesIncludeTax,
    lines: receiptLines,
    subtotal: receiptLines.reduce((sum, l) => sum + l.amount, 0),
    tax: row.tax,
    total: row.total,
    tenders: [...tenders]
      // Written in one statement, tenders have no order of their own: cash, with its change, last.
      .sort((a, b) => tenderRank[a.method] - tenderRank[b.method] || (a.id < b.id ? -1 : 1))
      .map((t) => ({
        method: t.method,
        label: tenderLabel(t, context),
        amount: t.amount,
        tendered: t.tendered ?? t.amount,
        change: t.change ?? 0,
      })),
    change: tenders.reduce((sum, t) => sum + (t.change ?? 0), 0),
    refunded: row.refunded,
    giftCardsActivated: receiptLines.flatMap((l) =>
      l.giftCard ? [{ maskedCode: l.giftCard.maskedCode, kind: l.giftCard.kind, amount: l.amount }] : [],
    ),
    packageCreditsUsed: receiptLines.flatMap((l) =>
      l.packageCredits
        ? [
            {
              packageName: l.packageCredits.packageName,
              itemName: l.name,
              quantity: l.packageCredits.quantity,
              value: l.packageCredits.value,
            },
          ]
        : [],
    ),
  };
}

const tenderRank: Record<TenderRow['method'], number> = { gift_card: 0, card: 1, cash: 2, cart: 3 };

function tenderLabel(t: TenderRow, context: ReceiptContext): string {
  if (t.method === 'cash') return 'Cash';
  if (t.method === 'card') return (t.paymentId && context.cards.get(t.paymentId)) || 'Card';
  if (t.method === 'cart') return t.label ? `Paid in the cart: ${t.label}` : 'Paid in the cart';
  const card = t.giftCardId ? context.giftCards.get(t.giftCardId) : undefined;
  return card ? `Gift card ${card.maskedCode}` : 'Gift card';
}
