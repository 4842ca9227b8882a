import { useSyncExternalStore } from 'react';

/** A line of the shopper's cart, with what the shop showed when it was added. */
export interface ShopCartLine {
  /** The item's id; for a gift card, a key of its own (`gift:…`). */
  itemId: string;
  name: string;
  price: number;
  taxRate: number;
  quantity: number;
  /** The item's picture as the shop showed it; none for gift cards. */
  pictureUrl?: string | null;
  /** A gift card for someone: its amount is the price. */
  giftCard?: { recipientEmail: string; message?: string };
}

const KEY = 'tandem-shop-cart';
const listeners = new Set<() => void>();
let cached: { raw: string | null; lines: ShopCartLine[] } = { raw: null, lines: [] };

function read(): ShopCartLine[] {
  const raw = localStorage.getItem(KEY);
  if (raw !== cached.raw) {
    let lines: ShopCartLine[] = [];
    try {
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      if (Array.isArray(parsed)) lines = parsed as ShopCartLine[];
    } catch {
      lines = [];
    }
    cached = { raw, lines };
  }
  return cached.lines;
}

function write(lines: ShopCartLine[]): void {
  localStorage.setItem(KEY, JSON.stringify(lines));
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another tab changed the cart.
  const onStorage = (e: StorageEvent) => {
    if (e.key === KEY) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** The shopper's cart, kept in this browser until the order is placed. */
export function useShopCart() {
  const lines = useSyncExternalStore(subscribe, read, () => []);
  return {
    lines,
    count: lines.reduce((n, l) => n + l.quantity, 0),
    add(line: Omit<ShopCartLine, 'quantity'>, max: number | null) {
      const current = read();
      const at = current.findIndex((l) => l.itemId === line.itemId);
      const quantity = (at >= 0 ? current[at]!.quantity : 0) + 1;
      if (max !== null && quantity > max) return false;
      write(
        at >= 0
          ? current.map((l, i) => (i === at ? { ...l, quantity } : l))
          : [...current, { ...line, quantity: 1 }],
      );
      return true;
    },
    setQuantity(itemId: string, quantity: number) {
      const current = read();
      write(
        quantity <= 0
          ? current.filter((l) => l.itemId !== itemId)
          : current.map((l) => (l.itemId === itemId ? { ...l, quantity } : l)),
      );
    },
    /** A gift card is a line of its own, one card each. */
    addGiftCard(amount: number, giftCard: NonNullable<ShopCartLine['giftCard']>) {
      write([
        ...read(),
        {
          itemId: `gift:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`,
          name: `Gift card for ${giftCard.recipientEmail}`,
          price: amount,
          taxRate: 0,
          quantity: 1,
          giftCard,
        },
      ]);
    },
    clear() {
      write([]);
    },
  };
}
