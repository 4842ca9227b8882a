import { itemLineTotals } from '../../contracts/order-totals.js';
import type { Item } from '../api-client.js';

export interface CartLine {
  item: Pick<Item, 'id' | 'name' | 'sku' | 'price' | 'cost' | 'taxRate' | 'kind' | 'trackStock' | 'stock'>;
  quantity: number;
  /** Off the whole line, minor units. */
  discount: number;
  /** Units the customer's package credits pay for (worked out for the cart shown). */
  creditsUsed?: number;
}

export type Cart = CartLine[];

/** One more of this item: a new line, or one more on its line. */
export function addItem(cart: Cart, item: CartLine['item']): Cart {
  const at = cart.findIndex((l) => l.item.id === item.id);
  if (at < 0) return [...cart, { item, quantity: 1, discount: 0 }];
  return cart.map((l, i) => (i === at ? { ...l, quantity: l.quantity + 1 } : l));
}

export function setQuantity(cart: Cart, itemId: string, quantity: number): Cart {
  if (quantity <= 0) return cart.filter((l) => l.item.id !== itemId);
  return cart.map((l) => {
    if (l.item.id !== itemId) return l;
    // A discount never comes to more than the line.
    return { ...l, quantity, discount: Math.min(l.discount, l.item.price * quantity) };
  });
}

export function setDiscount(cart: Cart, itemId: string, discount: number): Cart {
  return cart.map((l) =>
    l.item.id === itemId ? { ...l, discount: Math.max(0, Math.min(discount, l.item.price * l.quantity)) } : l,
  );
}

/** The cart's totals, worked out as the server will. */
export const cartTotals = (cart: Cart, pricesIncludeTax: boolean) => itemLineTotals(cart, pricesIncludeTax);

/** A gift card sold in the sale: a physical one by its scanned serial, or a virtual one emailed to its owner. */
export interface GiftCardSale {
  key: string;
  amount: number;
  serial?: string;
  ownerEmail?: string;
}

export interface Tender {
  key: string;
  method: 'cash' | 'card' | 'gift_card';
  amount: number;
  /** For a gift card: its code, as typed or scanned. */
  code?: string;
  /** For a card: its token and expiry, or a saved card. */
  cardToken?: string;
  expiry?: string;
  paymentMethodId?: string;
  /** Keep a new card for the sale's customer. */
  saveCard?: boolean;
  /** For a gift card: the card its code found when it was added, and what was on it. */
  giftCard?: { id: string; balance: number };
  label: string;
}

let keys = 0;
/** A key for a new tender or gift card sold, unique on this page. */
export const nextKey = (prefix: string) => `${prefix}${++keys}`;

/** A gift card as the register's lookup answers it. */
export interface LookedUpCard {
  id: string;
  maskedCode: string;
  balance: number;
  currency: string;
  status: string;
}

/**
 * What a gift card handed over can take: at most what is on it and what is still due (the rest
 * stays due), or why it cannot be taken, in the words the sale itself would use.
 */
export function giftCardTake(
  card: LookedUpCard,
  context: { asked: number; due: number; currency: string; tenders: readonly Tender[] },
  money: (minor: number) => string,
): { amount: number } | { error: string } {
  const name = `The gift card ${card.maskedCode}`;
  if (card.status !== 'active') return { error: `${name} is ${card.status}.` };
  if (card.currency !== context.currency) return { error: `${name} is in ${card.currency}.` };
  if (context.tenders.some((t) => t.giftCard?.id === card.id))
    return { error: `${name} is already a payment in this sale.` };
  if (card.balance <= 0) return { error: `${name} has ${money(0)} left.` };
  return { amount: Math.min(card.balance, context.asked, context.due) };
}

/**
 * A refusal of the sale, put beside the payments it names (`payments.2.code` is the third
 * payment); what names no payment is answered apart.
 */
export function errorsByTender(
  tenders: readonly Tender[],
  errors: readonly { path: string; message: string }[],
): { byTender: Record<string, string>; rest: string[] } {
  const byTender: Record<string, string> = {};
  const rest: string[] = [];
  for (const e of errors) {
    const at = /^payments\.(\d+)(\.|$)/.exec(e.path);
    const tender = at ? tenders[Number(at[1])] : undefined;
    if (!tender) {
      rest.push(e.message);
      continue;
    }
    // A field's message ("is not a gift card’s code") is said of the payment it is about.
    const said = /^[a-z]/.test(e.message) ? `${tender.label} ${e.message}.` : e.message;
    byTender[tender.key] = byTender[tender.key] ? `${byTender[tender.key]} ${said}` : said;
  }
  return { byTender, rest };
}

/** What is still to pay, and the change when cash covers more than the total. */
export function tenderState(
  total: number,
  tenders: readonly Tender[],
): { paid: number; due: number; change: number } {
  const paid = tenders.reduce((sum, t) => sum + t.amount, 0);
  return { paid, due: Math.max(0, total - paid), change: Math.max(0, paid - total) };
}

/** Quick cash amounts: exact, and the next round notes above it. */
export function cashSuggestions(due: number, digits: number): number[] {
  const unit = 10 ** digits;
  const options = [due];
  for (const note of [5, 10, 20, 50, 100]) {
    const rounded = Math.ceil(due / (note * unit)) * note * unit;
    if (rounded > due && !options.includes(rounded)) options.push(rounded);
    if (options.length >= 4) break;
  }
  return options;
}
