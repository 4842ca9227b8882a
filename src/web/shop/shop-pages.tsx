import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { applyPerks, type CustomerPerks } from '../../contracts/customer-perks.js';
import { orderTotals } from '../../contracts/order-totals.js';
import { api, type ShopCatalog, withQuery } from '../api-client.js';
import { ItemPicture } from '../components/item-picture.js';
import { formatMoney } from '../components/money.js';
import { usePageTitle } from '../components/page-title.js';
import { QuantityStepper } from '../components/quantity-stepper.js';
import { useShopPerks } from './account-session.js';
import { type ShopCartLine, useShopCart } from './shop-cart.js';
import { catalogKey } from './shop-catalog-page.js';

/** The shop's currency and tax setting, from the catalogue's first page. */
export function useShopTerms() {
  return useQuery({
    queryKey: [...catalogKey, 'terms'],
    queryFn: () => api<ShopCatalog>('GET', withQuery('/api/store/catalog', { limit: 1 })),
    staleTime: 60_000,
  });
}

/**
 * The cart's totals as checkout will charge them: the cart holds products and gift cards, and a
 * membership's or package's discount on everything comes off the products.
 */
export function cartTotals(lines: ShopCartLine[], pricesIncludeTax: boolean, perks: CustomerPerks | null) {
  const priced = applyPerks(
    lines.map((l) => ({
      kind: l.giftCard ? 'gift_card' : 'product',
      itemId: l.giftCard ? null : l.itemId,
      price: l.price,
      quantity: l.quantity,
      discount: 0,
    })),
    perks,
  );
  return orderTotals(
    lines.map((l, i) => ({
      unitPrice: l.price,
      quantity: l.quantity,
      taxRate: l.taxRate,
      discount: priced[i]!.discount,
      unitCost: 0,
    })),
    pricesIncludeTax,
  ).totals;
}

export function ShopCartPage() {
  usePageTitle('Your cart');
  const cart = useShopCart();
  const terms = useShopTerms();
  const money = (minor: number) => formatMoney(minor, terms.data?.currency ?? 'USD');
  const perks = useShopPerks().data ?? null;
  const totals = cartTotals(cart.lines, terms.data?.pricesIncludeTax ?? false, perks);
  return (
    <section aria-labelledby="cart-title" className="stack">
      <h1 id="cart-title">Your cart</h1>
      {cart.lines.length === 0 ? (
        <p className="empty">
          Your cart is empty. <Link to="/shop">Go to the shop</Link>
        </p>
      ) : (
        <>
          <ul className="cart-lines card" aria-label="Cart">
            {cart.lines.map((l) => (
              <li key={l.itemId} className="cart-line">
                <span className="cart-line-name shop-cart-item">
                  <ItemPicture url={l.pictureUrl} name={l.name} className="shop-cart-picture" />
                  {l.name}
                </span>
                {l.giftCard ? (
                  <button
                    type="button"
                    className="button button-quiet button-small"
                    onClick={() => cart.setQuantity(l.itemId, 0)}
                    aria-label={`Remove ${l.name}`}
                  >
                    Remove
                  </button>
                ) : (
                  <QuantityStepper
                    name={l.name}
                    quantity={l.quantity}
                    onChange={(q) => cart.setQuantity(l.itemId, q)}
                  />
                )}
                <span className="cart-line-price">{money(l.price * l.quantity)}</span>
              </li>
            ))}
          </ul>
          <CartTotals
            totals={totals}
            perks={perks}
            pricesIncludeTax={terms.data?.pricesIncludeTax ?? false}
            money={money}
          />
          <div className="form-actions">
            <Link to="/shop/checkout" className="button">
              Checkout
            </Link>
            <Link to="/shop" className="button button-secondary">
              Keep shopping
            </Link>
          </div>
        </>
      )}
    </section>
  );
}

/** The cart's discount (named after the plan it comes from), tax and total. */
export function CartTotals({
  totals: { discount, tax, total },
  perks,
  pricesIncludeTax,
  money,
}: {
  totals: { discount: number; tax: number; total: number };
  perks: CustomerPerks | null;
  pricesIncludeTax: boolean;
  money: (minor: number) => string;
}) {
  const discountFrom = perks?.productDiscount?.from;
  return (
    <dl className="totals">
      {discount > 0 ? (
        <>
          <dt>{discountFrom ? `${discountFrom} discount` : 'Discount'}</dt>
          <dd data-testid="member-discount">−{money(discount)}</dd>
        </>
      ) : null}
      <dt>{pricesIncludeTax ? 'Tax included' : 'Tax'}</dt>
      <dd>{money(tax)}</dd>
      <dt className="totals-total">Total</dt>
      <dd className="totals-total">{money(total)}</dd>
    </dl>
  );
}
