import type { ReactNode } from 'react';
import type { Customer } from '../api-client.js';
import type { GiftCardSale } from './cart-model.js';

export interface Totals {
  subtotal: number;
  discount: number;
  tax: number;
}

/** The gift cards sold in this sale, each with a way to take it out. */
export function GiftCardsSold({
  giftCards,
  customer,
  money,
  onRemove,
}: {
  giftCards: GiftCardSale[];
  customer: Customer | null;
  money: (minor: number) => string;
  onRemove: (key: string) => void;
}) {
  if (giftCards.length === 0) return null;
  return (
    <ul className="cart-lines" aria-label="Gift cards sold">
      {giftCards.map((g) => (
        <li key={g.key} className="cart-line">
          <span className="cart-line-name">
            Gift card{g.serial ? ` ${g.serial}` : ''}
            <span className="row-meta">
              {g.serial ? ' · physical' : ` · emailed to ${g.ownerEmail ?? customer?.email}`}
            </span>
          </span>
          <span className="cart-line-price">{money(g.amount)}</span>
          <span className="cart-line-actions">
            <button
              type="button"
              className="button button-quiet button-small"
              onClick={() => onRemove(g.key)}
              aria-label={`Remove gift card of ${money(g.amount)}`}
            >
              Remove
            </button>
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Subtotal, discounts, tax and gift cards sold: how the total is made. */
export function SaleTotals({
  totals,
  giftCardTotal,
  total,
  pricesIncludeTax,
  money,
}: {
  totals: Totals;
  giftCardTotal: number;
  total: number;
  pricesIncludeTax: boolean;
  money: (minor: number) => string;
}) {
  return (
    <dl className="totals">
      <dt>Subtotal</dt>
      <dd>{money(totals.subtotal)}</dd>
      {totals.discount > 0 ? (
        <>
          <dt>Discounts</dt>
          <dd>−{money(totals.discount)}</dd>
        </>
      ) : null}
      <dt>{pricesIncludeTax ? 'Tax included' : 'Tax'}</dt>
      <dd>{money(totals.tax)}</dd>
      {giftCardTotal > 0 ? (
        <>
          <dt>Gift cards</dt>
          <dd>{money(giftCardTotal)}</dd>
        </>
      ) : null}
      <dt className="totals-total">Total</dt>
      <dd className="totals-total">{money(total)}</dd>
    </dl>
  );
}

/**
 * The cart's side of the register. On a wide screen it sits beside the grid, its lines scrolling
 * and its total and Charge always at its foot; on a tablet held upright or a phone, the total and
 * Charge are a bar along the bottom of the screen and the cart opens from it as a drawer.
 */
export function CartPanel({
  open,
  onToggle,
  count,
  total,
  money,
  charge,
  children,
}: {
  /** On a narrow screen: whether the drawer is open. */
  open: boolean;
  onToggle: () => void;
  /** Things in the cart: units of items and gift cards sold. */
  count: number;
  total: number;
  money: (minor: number) => string;
  /** The Charge button. */
  charge: ReactNode;
  children: ReactNode;
}) {
  return (
    <section
      className="register-cart"
      data-open={open}
      aria-labelledby="cart-title"
      onKeyDown={(event) => {
        // The drawer closes as a dialog would.
        if (open && event.key === 'Escape') onToggle();
      }}
    >
      <div className="register-cart-body stack-tight" id="register-cart-body">
        <h2 id="cart-title">Sale</h2>
        {children}
      </div>
      <div className="register-checkout">
        <button
          type="button"
          className="button button-secondary register-cart-toggle"
          aria-expanded={open}
          aria-controls="register-cart-body"
          onClick={onToggle}
        >
          {open ? 'Hide cart' : `Cart (${count})`}
        </button>
        <p className="register-checkout-total">
          <span className="register-total-label">Total</span>
          <strong data-testid="sale-total">{money(total)}</strong>
        </p>
        {charge}
      </div>
    </section>
  );
}
