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
  label: string;
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
