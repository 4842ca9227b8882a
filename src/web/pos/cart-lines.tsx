import { useState } from 'react';
import { Dialog } from '../components/dialog.js';
import { QuantityStepper } from '../components/quantity-stepper.js';
import { type Cart, type CartLine, setDiscount, setQuantity } from './cart-model.js';
import { DiscountForm } from './discount-form.js';

/** The cart's lines: quantity, price and discount of each, and a way to take it out. */
export function CartLines({
  cart,
  setCart,
  money,
  digits,
  onSettled,
}: {
  cart: Cart;
  setCart: (update: (cart: Cart) => Cart) => void;
  money: (m: number) => string;
  digits: number;
  /** Told when the discount dialog closes, however it closes. */
  onSettled: () => void;
}) {
  const [discounting, setDiscountingLine] = useState<CartLine | null>(null);
  const setDiscounting = (line: CartLine | null) => {
    setDiscountingLine(line);
    if (line === null) onSettled();
  };
  if (cart.length === 0) return <p className="empty">Tap an item, or scan it, to start a sale.</p>;
  return (
    <>
      <ul className="cart-lines" aria-label="Cart">
        {cart.map((line) => (
          <li key={line.item.id} className="cart-line">
            <span className="cart-line-name">
              {line.item.name}
              {line.creditsUsed ? (
                <span className="row-meta" data-testid="credit-used">
                  {' '}
                  · {line.creditsUsed} package credit{line.creditsUsed === 1 ? '' : 's'}
                </span>
              ) : null}
            </span>
            <QuantityStepper
              name={line.item.name}
              quantity={line.quantity}
              onChange={(q) => setCart((c) => setQuantity(c, line.item.id, q))}
            />
            <span className="cart-line-price">
              {money(line.item.price * line.quantity - line.discount)}
              {line.discount > 0 ? <span className="row-meta"> ({money(line.discount)} off)</span> : null}
            </span>
            <span className="cart-line-actions">
              <button
                type="button"
                className="button button-quiet button-small"
                onClick={() => setDiscounting(line)}
                aria-label={`Discount on ${line.item.name}`}
              >
                Discount
              </button>
              <button
                type="button"
                className="button button-quiet button-small"
                onClick={() => setCart((c) => setQuantity(c, line.item.id, 0))}
                aria-label={`Remove ${line.item.name}`}
              >
                Remove
              </button>
            </span>
          </li>
        ))}
      </ul>
      <Dialog open={discounting !== null} onClose={() => setDiscounting(null)} title="Line discount">
        {discounting ? (
          <DiscountForm
            line={discounting}
            digits={digits}
            money={money}
            onDone={(discount) => {
              setCart((c) => setDiscount(c, discounting.item.id, discount));
              setDiscounting(null);
            }}
            onCancel={() => setDiscounting(null)}
          />
        ) : null}
      </Dialog>
    </>
  );
}
