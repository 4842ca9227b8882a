import { useQuery } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { applyPerks, type CustomerPerks } from '../../contracts/customer-perks.js';
import { useSettings } from '../admin/session.js';
import { api, type Customer, type Item, type Order } from '../api-client.js';
import { Dialog } from '../components/dialog.js';
import { formatMoney, fractionDigits } from '../components/money.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { CartLines } from './cart-lines.js';
import { addItem, type Cart, cartTotals, type GiftCardSale } from './cart-model.js';
import { CartPanel, GiftCardsSold, SaleTotals } from './cart-panel.js';
import { CustomerPicker, PerksNotice } from './customer-picker.js';
import { GiftCardSaleForm } from './gift-card-sale-form.js';
import { ItemPicker } from './item-picker.js';
import { PayForm } from './pay-form.js';
import './register.css';
import { SaleDone } from './sale-done.js';
import { useScanFocus } from './scan-focus.js';

/** The register: find items, build the cart, attach a customer, take payment, hand over a receipt. */
export function RegisterSalePage() {
  usePageTitle('Register');
  const settings = useSettings();
  const [cart, setCartState] = useState<Cart>([]);
  const [giftCards, setGiftCards] = useState<GiftCardSale[]>([]);
  const [sellingGiftCard, setSellingGiftCard] = useState(false);
  const [customer, setCustomerState] = useState<Customer | null>(null);
  const [paying, setPaying] = useState(false);
  const [done, setDone] = useState<Order | null>(null);
  const [cartOpen, setCartOpen] = useState(false);
  const scanBox = useRef<HTMLInputElement>(null);
  const [scanText, setScanText] = useState('');
  const typedIntoScan = useCallback((key: string) => setScanText((t) => t + key), []);
  const backToScan = useScanFocus(scanBox, typedIntoScan);

  const perks = useQuery({
    queryKey: ['customer-perks', customer?.id],
    queryFn: () =>
      api<CustomerPerks>('GET', `/api/admin/customers/${encodeURIComponent(customer!.id)}/perks`),
    enabled: customer !== null,
  });

  if (settings.isPending) return <Loading what="the register" />;
  if (settings.isError) return <ErrorMessage error={settings.error} />;
  const { currency, pricesIncludeTax } = settings.data;
  const money = (minor: number) => formatMoney(minor, currency);
  // Every change to the sale leaves the keyboard (and the scanner) in the scan box.
  const setCart = (update: (cart: Cart) => Cart) => {
    setCartState(update);
    backToScan();
  };
  const setCustomer = (c: Customer | null) => {
    setCustomerState(c);
    backToScan();
  };
  // Package credits and the member or package discount on services, priced as the server will.
  const customerPerks = customer ? (perks.data ?? null) : null;
  const priced = applyPerks(
    cart.map((l) => ({ ...l, kind: l.item.kind, itemId: l.item.id, price: l.item.price })),
    customerPerks,
  ).map((p, i) => ({ ...cart[i]!, discount: p.discount, creditsUsed: p.creditsUsed }));
  const needsCustomer = cart.some((l) => l.item.kind === 'package' || l.item.kind === 'membership');
  const { totals } = cartTotals(priced, pricesIncludeTax);
  const giftCardTotal = giftCards.reduce((sum, g) => sum + g.amount, 0);
  const total = totals.total + giftCardTotal;
  const count = cart.reduce((sum, l) => sum + l.quantity, 0) + giftCards.length;

  const newSale = () => {
    setCartState([]);
    setGiftCards([]);
    setCustomerState(null);
    setPaying(false);
    setCartOpen(false);
    setDone(null);
  };
  const closeDialog = (close: () => void) => () => {
    close();
    backToScan();
  };

  if (done) return <SaleDone order={done} onNext={newSale} />;

  return (
    <div className="register" data-cart-open={cartOpen}>
      <section className="register-items stack-tight" aria-labelledby="items-title">
        <h1 id="items-title" className="visually-hidden">
          Register
        </h1>
        <ItemPicker
          scanBox={scanBox}
          text={scanText}
          onText={setScanText}
          money={money}
          onPick={(item: Item) => setCart((c) => addItem(c, item))}
          onReady={backToScan}
        />
      </section>
      <CartPanel
        open={cartOpen}
        onToggle={() => setCartOpen((o) => !o)}
        count={count}
        total={total}
        money={money}
        charge={
          <button
            type="button"
            className="button button-large register-charge"
            disabled={
              (cart.length === 0 && giftCards.length === 0) ||
              (customer !== null && perks.isFetching) ||
              (needsCustomer && !customer)
            }
            onClick={() => setPaying(true)}
          >
            {total === 0 && cart.length > 0 ? 'Complete sale: nothing to pay' : `Charge ${money(total)}`}
          </button>
        }
      >
        <CustomerPicker customer={customer} onChange={setCustomer} />
        {customerPerks ? <PerksNotice perks={customerPerks} /> : null}
        {needsCustomer && !customer ? (
          <p className="notice notice-error">Packages and memberships are sold to a customer: choose one.</p>
        ) : null}
        <CartLines
          cart={priced}
          setCart={setCart}
          money={money}
          digits={fractionDigits(currency)}
          onSettled={backToScan}
        />
        <GiftCardsSold
          giftCards={giftCards}
          customer={customer}
          money={money}
          onRemove={(key) => {
            setGiftCards((list) => list.filter((x) => x.key !== key));
            backToScan();
          }}
        />
        <button type="button" className="button button-secondary" onClick={() => setSellingGiftCard(true)}>
          Sell a gift card
        </button>
        <SaleTotals
          totals={totals}
          giftCardTotal={giftCardTotal}
          total={total}
          pricesIncludeTax={pricesIncludeTax}
          money={money}
        />
      </CartPanel>
      <Dialog
        open={sellingGiftCard}
        onClose={closeDialog(() => setSellingGiftCard(false))}
        title="Sell a gift card"
      >
        <GiftCardSaleForm
          currency={currency}
          customer={customer}
          limits={settings.data.giftCards}
          onDone={(card) => {
            setGiftCards((list) => [...list, card]);
            setSellingGiftCard(false);
            backToScan();
          }}
          onCancel={closeDialog(() => setSellingGiftCard(false))}
        />
      </Dialog>
      <Dialog open={paying} onClose={closeDialog(() => setPaying(false))} title={`Payment: ${money(total)}`}>
        <PayForm
          cart={cart}
          keepsCard={cart.some((l) => l.item.kind === 'membership')}
          giftCards={giftCards}
          customer={customer}
          total={total}
          currency={currency}
          onDone={(order) => {
            setPaying(false);
            setDone(order);
          }}
          onCancel={closeDialog(() => setPaying(false))}
        />
      </Dialog>
    </div>
  );
}
