import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { applyPerks, type CustomerPerks } from '../../contracts/customer-perks.js';
import { useSettings } from '../admin/session.js';
import {
  ApiError,
  api,
  type Customer,
  type Item,
  type Order,
  type Page,
  type PaymentMethod,
  withQuery,
} from '../api-client.js';
import { CardForm, type CardFormHandle } from '../components/card-form.js';
import { Dialog } from '../components/dialog.js';
import { SubmitOrCancel, TextField } from '../components/fields.js';
import { formatMoney, fractionDigits, parseMajor, toMajor } from '../components/money.js';
import { usePageTitle } from '../components/page-title.js';
import { QuantityStepper } from '../components/quantity-stepper.js';
import { useRetryKey } from '../components/retry-key.js';
import { maskedCard } from '../components/saved-cards.js';
import { ErrorMessage, Loading, StatusMessage } from '../components/status.js';
import {
  addItem,
  type Cart,
  type CartLine,
  cartTotals,
  cashSuggestions,
  type GiftCardSale,
  setDiscount,
  setQuantity,
  type Tender,
  tenderState,
} from './cart-model.js';

let tenderKeys = 0;

/** The register: find items, build the cart, attach a customer, take payment, hand over a receipt. */
export function RegisterSalePage() {
  usePageTitle('Register');
  const settings = useSettings();
  const [cart, setCart] = useState<Cart>([]);
  const [giftCards, setGiftCards] = useState<GiftCardSale[]>([]);
  const [sellingGiftCard, setSellingGiftCard] = useState(false);
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [paying, setPaying] = useState(false);
  const [done, setDone] = useState<Order | null>(null);

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

  const newSale = () => {
    setCart([]);
    setGiftCards([]);
    setCustomer(null);
    setPaying(false);
    setDone(null);
  };

  if (done) return <SaleDone order={done} onNext={newSale} />;

  return (
    <div className="register">
      <section className="register-items stack-tight" aria-labelledby="items-title">
        <h1 id="items-title" className="visually-hidden">
          Register
        </h1>
        <ItemPicker money={money} onPick={(item) => setCart((c) => addItem(c, item))} />
      </section>
      <section className="register-cart card stack-tight" aria-labelledby="cart-title">
        <h2 id="cart-title">Sale</h2>
        <CustomerPicker customer={customer} onChange={setCustomer} />
        {customerPerks ? <PerksNotice perks={customerPerks} /> : null}
        {needsCustomer && !customer ? (
          <p className="notice notice-error">Packages and memberships are sold to a customer: choose one.</p>
        ) : null}
        <CartLines cart={priced} setCart={setCart} money={money} digits={fractionDigits(currency)} />
        {giftCards.length > 0 ? (
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
                    onClick={() => setGiftCards((list) => list.filter((x) => x.key !== g.key))}
                    aria-label={`Remove gift card of ${money(g.amount)}`}
                  >
                    Remove
                  </button>
                </span>
              </li>
            ))}
          </ul>
        ) : null}
        <button type="button" className="button button-secondary" onClick={() => setSellingGiftCard(true)}>
          Sell a gift card
        </button>
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
        <button
          type="button"
          className="button button-wide button-large"
          disabled={
            (cart.length === 0 && giftCards.length === 0) ||
            (customer !== null && perks.isFetching) ||
            (needsCustomer && !customer)
          }
          onClick={() => setPaying(true)}
        >
          {total === 0 && cart.length > 0 ? 'Complete sale: nothing to pay' : `Charge ${money(total)}`}
        </button>
      </section>
      <Dialog open={sellingGiftCard} onClose={() => setSellingGiftCard(false)} title="Sell a gift card">
        <GiftCardSaleForm
          currency={currency}
          customer={customer}
          limits={settings.data.giftCards}
          onDone={(card) => {
            setGiftCards((list) => [...list, card]);
            setSellingGiftCard(false);
          }}
          onCancel={() => setSellingGiftCard(false)}
        />
      </Dialog>
      <Dialog open={paying} onClose={() => setPaying(false)} title={`Payment: ${money(total)}`}>
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
          onCancel={() => setPaying(false)}
        />
      </Dialog>
    </div>
  );
}

function ItemPicker({ money, onPick }: { money: (m: number) => string; onPick: (item: Item) => void }) {
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [status, setStatus] = useState('');
  const items = useQuery({
    queryKey: ['register-items', q],
    queryFn: () => api<Page<Item>>('GET', withQuery('/api/admin/items', { q, active: 'true', limit: 48 })),
  });
  const sellable = items.data?.data ?? [];

  const pick = (item: Item) => {
    onPick(item);
    setStatus(`${item.name} added`);
  };

  // A scanner types the barcode and presses Enter: an exact SKU or barcode goes straight in the cart.
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const term = text.trim();
    if (!term) return;
    const found = await api<Page<Item>>(
      'GET',
      withQuery('/api/admin/items', { q: term, active: 'true', limit: 10 }),
    );
    const exact = found.data.find((i) => i.sku.toLowerCase() === term.toLowerCase() || i.barcode === term);
    if (exact) {
      pick(exact);
      setText('');
      setQ('');
    } else {
      setQ(term);
    }
  };

  return (
    <>
      <search>
        <form onSubmit={onSubmit} className="inline-form">
          <div className="field grow">
            <label htmlFor="register-search">Search, or scan a barcode</label>
            <input
              id="register-search"
              type="search"
              value={text}
              autoComplete="off"
              onChange={(e) => {
                setText(e.target.value);
                if (e.target.value.trim() === '') setQ('');
              }}
            />
          </div>
          <button type="submit" className="button button-secondary">
            Find
          </button>
        </form>
      </search>
      <StatusMessage tone="info">{status}</StatusMessage>
      {items.isPending ? <Loading what="items" /> : null}
      {items.isError ? <ErrorMessage error={items.error} /> : null}
      {items.isSuccess && sellable.length === 0 ? <p className="empty">Nothing matches “{q}”.</p> : null}
      <ul className="item-grid" aria-label="Items">
        {sellable.map((item) => (
          <li key={item.id}>
            <button type="button" className="item-tile" onClick={() => pick(item)}>
              <span className="item-tile-name">{item.name}</span>
              <span className="item-tile-price">{money(item.price)}</span>
              {item.trackStock ? (
                <span className={(item.stock ?? 0) > 0 ? 'muted' : 'badge badge-low'}>
                  {item.stock ?? 0} in stock
                </span>
              ) : null}
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

function CartLines({
  cart,
  setCart,
  money,
  digits,
}: {
  cart: Cart;
  setCart: (update: (cart: Cart) => Cart) => void;
  money: (m: number) => string;
  digits: number;
}) {
  const [discounting, setDiscounting] = useState<CartLine | null>(null);
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

function DiscountForm({
  line,
  digits,
  money,
  onDone,
  onCancel,
}: {
  line: CartLine;
  digits: number;
  money: (m: number) => string;
  onDone: (discount: number) => void;
  onCancel: () => void;
}) {
  const lineTotal = line.item.price * line.quantity;
  const [mode, setMode] = useState<'percent' | 'amount'>('percent');
  const [text, setText] = useState(line.discount > 0 ? toMajor(line.discount, digits) : '');
  const [error, setError] = useState('');
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    let discount: number | null;
    if (mode === 'percent') {
      const percent = Number(text.trim());
      discount =
        text.trim() !== '' && percent >= 0 && percent <= 100 ? Math.round((lineTotal * percent) / 100) : null;
    } else {
      discount = parseMajor(text, digits);
    }
    if (discount === null || discount > lineTotal) {
      setError(
        mode === 'percent' ? 'Enter a percentage from 0 to 100' : `Enter an amount up to ${money(lineTotal)}`,
      );
      return;
    }
    onDone(discount);
  };
  return (
    <form onSubmit={onSubmit} className="stack-tight" noValidate>
      <p>
        {line.quantity} × {line.item.name}: {money(lineTotal)}
      </p>
      <fieldset className="choices">
        <legend>Discount as</legend>
        <label className="check">
          <input type="radio" name="mode" checked={mode === 'percent'} onChange={() => setMode('percent')} />{' '}
          A percentage
        </label>
        <label className="check">
          <input type="radio" name="mode" checked={mode === 'amount'} onChange={() => setMode('amount')} /> An
          amount
        </label>
      </fieldset>
      <TextField
        id="discount-value"
        label={mode === 'percent' ? 'Percent off' : 'Amount off'}
        value={text}
        onChange={setText}
        error={error || undefined}
        input={{ inputMode: 'decimal', className: 'input-short' }}
      />
      <div className="form-actions">
        <button type="submit" className="button">
          Apply
        </button>
        <button type="button" className="button button-secondary" onClick={() => onDone(0)}>
          No discount
        </button>
        <button type="button" className="button button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function CustomerPicker({
  customer,
  onChange,
}: {
  customer: Customer | null;
  onChange: (c: Customer | null) => void;
}) {
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [adding, setAdding] = useState(false);
  const found = useQuery({
    queryKey: ['register-customers', text.trim()],
    queryFn: () =>
      api<Page<Customer>>('GET', withQuery('/api/admin/customers', { q: text.trim(), limit: 6 })),
    enabled: text.trim().length >= 2,
  });
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const create = useMutation({
    mutationFn: () =>
      api<Customer>('POST', '/api/admin/customers', {
        name: name.trim(),
        ...(email.trim() ? { email: email.trim() } : {}),
        source: 'register',
      }),
    onSuccess: (c) => {
      onChange(c);
      setAdding(false);
      setName('');
      setEmail('');
      void queryClient.invalidateQueries({ queryKey: ['customers'] });
    },
  });

  if (customer) {
    return (
      <p className="attached-customer">
        <span>
          Customer: <strong>{customer.name}</strong>
          {customer.email ? <span className="muted"> · {customer.email}</span> : null}
        </span>
        <button type="button" className="button button-quiet button-small" onClick={() => onChange(null)}>
          Remove customer
        </button>
      </p>
    );
  }
  return (
    <div className="stack-tight">
      <div className="field">
        <label htmlFor="register-customer">Customer (optional)</label>
        <input
          id="register-customer"
          type="search"
          value={text}
          placeholder="Name, email or phone"
          autoComplete="off"
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      {found.data && found.data.data.length > 0 ? (
        <ul className="pick-list" aria-label="Matching customers">
          {found.data.data.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className="button button-quiet"
                onClick={() => {
                  onChange(c);
                  setText('');
                }}
              >
                {c.name}
                {c.email ? <span className="muted"> · {c.email}</span> : null}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {adding ? (
        <form
          className="stack-tight"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate();
          }}
        >
          <div className="field">
            <label htmlFor="new-customer-name">Name</label>
            <input id="new-customer-name" value={name} onChange={(e) => setName(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="new-customer-email">Email (for the receipt)</label>
            <input
              id="new-customer-email"
              type="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </div>
          {create.isError ? <ErrorMessage error={create.error} /> : null}
          <div className="form-actions">
            <button type="submit" className="button button-secondary" disabled={create.isPending}>
              Add customer
            </button>
            <button type="button" className="button button-quiet" onClick={() => setAdding(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="button button-quiet button-small" onClick={() => setAdding(true)}>
          New customer
        </button>
      )}
    </div>
  );
}

function PayForm({
  cart,
  keepsCard,
  giftCards,
  customer,
  total,
  currency,
  onDone,
  onCancel,
}: {
  cart: Cart;
  /** A membership renews on the card it is paid with: offer to keep it, ticked. */
  keepsCard: boolean;
  giftCards: GiftCardSale[];
  customer: Customer | null;
  total: number;
  currency: string;
  onDone: (order: Order) => void;
  onCancel: () => void;
}) {
  const digits = fractionDigits(currency);
  const money = (minor: number) => formatMoney(minor, currency);
  const [tenders, setTenders] = useState<Tender[]>([]);
  const { due, change } = tenderState(total, tenders);
  const [cashText, setCashText] = useState('');
  const [cashError, setCashError] = useState('');
  const [cardAmount, setCardAmount] = useState('');
  const [reading, setReading] = useState(false);
  const [saveCard, setSaveCard] = useState(keepsCard);
  const card = useRef<CardFormHandle>(null);
  const retryKey = useRetryKey();
  const savedCards = useQuery({
    queryKey: ['saved-cards', customer?.id],
    queryFn: () =>
      api<{ data: PaymentMethod[] }>(
        'GET',
        `/api/admin/customers/${encodeURIComponent(customer!.id)}/payment-methods`,
      ),
    enabled: customer !== null,
  });

  const body = useMemo(
    () => ({
      ...(customer ? { customerId: customer.id } : {}),
      lines: cart.map((l) => ({
        itemId: l.item.id,
        quantity: l.quantity,
        ...(l.discount > 0 ? { discount: l.discount } : {}),
      })),
      ...(giftCards.length > 0
        ? {
            giftCards: giftCards.map((g) => ({
              amount: g.amount,
              ...(g.serial ? { serial: g.serial } : {}),
              ...(g.ownerEmail ? { ownerEmail: g.ownerEmail } : {}),
            })),
          }
        : {}),
      payments: tenders.map((t) =>
        t.method === 'cash'
          ? { method: 'cash' as const, amount: t.amount }
          : t.method === 'gift_card'
            ? { method: 'gift_card' as const, amount: t.amount, code: t.code! }
            : {
                method: 'card' as const,
                amount: t.amount,
                ...(t.paymentMethodId
                  ? { paymentMethodId: t.paymentMethodId }
                  : { cardToken: t.cardToken, expiry: t.expiry, ...(t.saveCard ? { saveCard: true } : {}) }),
              },
      ),
    }),
    [cart, giftCards, customer, tenders],
  );
  const sale = useMutation({
    mutationFn: () => api<Order>('POST', '/api/pos/sales', body, { idempotencyKey: retryKey.for(body) }),
    onSuccess: (order) => {
      retryKey.answered();
      onDone(order);
    },
    onError: (err) => retryKey.answered(err),
  });

  const addCash = (amount: number) => {
    setCashError('');
    setTenders((list) => [...list, { key: `t${++tenderKeys}`, method: 'cash', amount, label: 'Cash' }]);
    setCashText('');
  };
  const onCash = (event: FormEvent) => {
    event.preventDefault();
    const amount = parseMajor(cashText, digits);
    if (amount === null || amount <= 0) {
      setCashError(`Enter the cash handed over, such as ${toMajor(due, digits)}`);
      return;
    }
    addCash(amount);
  };
  const cardDue = () => {
    const asked = cardAmount.trim() ? parseMajor(cardAmount, digits) : due;
    return asked !== null && asked > 0 && asked <= due ? asked : null;
  };
  const onCard = async (event: FormEvent) => {
    event.preventDefault();
    const amount = cardDue();
    if (amount === null) return;
    setReading(true);
    try {
      const details = await card.current?.collect();
      if (!details) return;
      const last4 = details.cardToken.slice(-4);
      setTenders((list) => [
        ...list,
        {
          key: `t${++tenderKeys}`,
          method: 'card',
          amount,
          ...details,
          saveCard: customer !== null && saveCard,
          label: `Card •••• ${last4}${customer !== null && saveCard ? ' (saved)' : ''}`,
        },
      ]);
      setCardAmount('');
    } finally {
      setReading(false);
    }
  };

  return (
    <div className="stack-tight pay-form">
      <p className="due">
        {due > 0 ? (
          <>
            To pay: <strong>{money(due)}</strong>
          </>
        ) : change > 0 ? (
          <>
            Change to give: <strong>{money(change)}</strong>
          </>
        ) : (
          <strong>Paid in full</strong>
        )}
      </p>
      {tenders.length > 0 ? (
        <ul className="tender-list" aria-label="Payments">
          {tenders.map((t) => (
            <li key={t.key}>
              <span>{t.label}</span>
              <span>{money(t.amount)}</span>
              <button
                type="button"
                className="button button-quiet button-small"
                aria-label={`Remove ${t.label} payment`}
                onClick={() => setTenders((list) => list.filter((x) => x.key !== t.key))}
                disabled={sale.isPending}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {due > 0 ? (
        <>
          <form onSubmit={onCash} className="stack-tight" noValidate aria-label="Cash">
            <h3>Cash</h3>
            <div className="quick-cash">
              {cashSuggestions(due, digits).map((amount) => (
                <button
                  key={amount}
                  type="button"
                  className="button button-secondary"
                  onClick={() => addCash(amount)}
                >
                  {money(amount)}
                </button>
              ))}
            </div>
            <div className="inline-form">
              <TextField
                id="cash-given"
                label="Cash handed over"
                value={cashText}
                onChange={setCashText}
                error={cashError || undefined}
                input={{ inputMode: 'decimal', className: 'input-short' }}
              />
              <button type="submit" className="button button-secondary">
                Take cash
              </button>
            </div>
          </form>
          <GiftCardTenderForm
            due={due}
            digits={digits}
            money={money}
            onAdd={(code, amount) =>
              setTenders((list) => [
                ...list,
                {
                  key: `t${++tenderKeys}`,
                  method: 'gift_card',
                  amount,
                  code,
                  label: `Gift card •••• ${code.replace(/[\s-]/g, '').slice(-4).toUpperCase()}`,
                },
              ])
            }
          />
          <form onSubmit={onCard} className="stack-tight" noValidate aria-label="Card">
            <h3>Card</h3>
            {savedCards.data && savedCards.data.data.length > 0 ? (
              <div className="quick-cash">
                {savedCards.data.data
                  .filter((c) => !c.expired)
                  .map((c) => (
                    <button
                      key={c.id}
                      type="button"
                      className="button button-secondary"
                      onClick={() =>
                        setTenders((list) => [
                          ...list,
                          {
                            key: `t${++tenderKeys}`,
                            method: 'card',
                            amount: cardDue() ?? due,
                            paymentMethodId: c.id,
                            label: maskedCard(c.brand, c.last4),
                          },
                        ])
                      }
                    >
                      Saved {maskedCard(c.brand, c.last4)}
                    </button>
                  ))}
              </div>
            ) : null}
            <div className="field">
              <label htmlFor="card-amount">Amount on the card</label>
              <input
                id="card-amount"
                value={cardAmount}
                placeholder={toMajor(due, digits)}
                onChange={(e) => setCardAmount(e.target.value)}
                inputMode="decimal"
                className="input-short"
              />
            </div>
            <CardForm ref={card} idPrefix="register-card" />
            {customer ? (
              <label className="check">
                <input type="checkbox" checked={saveCard} onChange={(e) => setSaveCard(e.target.checked)} />{' '}
                Save the card for {customer.name}
                {keepsCard ? ' (the membership renews on it)' : ''}
              </label>
            ) : null}
            <div>
              <button
                type="submit"
                className="button button-secondary"
                disabled={reading || cardDue() === null}
              >
                {reading ? 'Reading the card…' : `Add card payment of ${money(cardDue() ?? due)}`}
              </button>
            </div>
          </form>
        </>
      ) : null}
      {sale.isError ? (
        sale.error instanceof ApiError && sale.error.code === 'payment_declined' ? (
          <p className="notice notice-error" role="alert">
            {sale.error.detail} Remove that card payment and take another.
          </p>
        ) : (
          <ErrorMessage error={sale.error} />
        )
      ) : null}
      <div className="form-actions">
        <button
          type="button"
          className="button button-large"
          disabled={due > 0 || sale.isPending}
          onClick={() => sale.mutate()}
        >
          {sale.isPending ? 'Completing the sale…' : 'Complete sale'}
        </button>
        <button type="button" className="button button-quiet" onClick={onCancel} disabled={sale.isPending}>
          Back to the cart
        </button>
      </div>
    </div>
  );
}

/** A gift card as a payment: its code (typed or scanned) and how much to take off it. */
function GiftCardTenderForm({
  due,
  digits,
  money,
  onAdd,
}: {
  due: number;
  digits: number;
  money: (minor: number) => string;
  onAdd: (code: string, amount: number) => void;
}) {
  const [code, setCode] = useState('');
  const [amountText, setAmountText] = useState('');
  const [error, setError] = useState('');
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const amount = amountText.trim() ? parseMajor(amountText, digits) : due;
    if (!code.trim()) {
      setError('Type or scan the gift card’s code');
      return;
    }
    if (amount === null || amount <= 0 || amount > due) {
      setError(`Enter an amount up to ${money(due)}`);
      return;
    }
    setError('');
    onAdd(code.trim(), amount);
    setCode('');
    setAmountText('');
  };
  return (
    <form onSubmit={onSubmit} className="stack-tight" noValidate aria-label="Gift card">
      <h3>Gift card</h3>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="inline-form">
        <div className="field grow">
          <label htmlFor="gift-card-code">Gift card code</label>
          <input
            id="gift-card-code"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            autoComplete="off"
            maxLength={64}
          />
        </div>
        <div className="field">
          <label htmlFor="gift-card-amount">Amount</label>
          <input
            id="gift-card-amount"
            value={amountText}
            placeholder={toMajor(due, digits)}
            onChange={(e) => setAmountText(e.target.value)}
            inputMode="decimal"
            className="input-short"
          />
        </div>
        <button type="submit" className="button button-secondary">
          Add gift card
        </button>
      </div>
      <p className="hint">If the card has less on it, the sale says how much is left when you complete it.</p>
    </form>
  );
}

/** A gift card to sell: physical (scan or type its serial) or virtual (emailed to its owner). */
function GiftCardSaleForm({
  currency,
  customer,
  limits,
  onDone,
  onCancel,
}: {
  currency: string;
  customer: Customer | null;
  limits: { minAmount: number; maxAmount: number };
  onDone: (card: GiftCardSale) => void;
  onCancel: () => void;
}) {
  const digits = fractionDigits(currency);
  const money = (minor: number) => formatMoney(minor, currency);
  const [kind, setKind] = useState<'physical' | 'virtual'>('physical');
  const [amount, setAmount] = useState('');
  const [serial, setSerial] = useState('');
  const [ownerEmail, setOwnerEmail] = useState(customer?.email ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const minor = parseMajor(amount, digits);
    const next: Record<string, string> = {};
    if (minor === null || minor < limits.minAmount || minor > limits.maxAmount)
      next.amount = `Enter an amount from ${money(limits.minAmount)} to ${money(limits.maxAmount)}`;
    const compact = serial.replace(/[\s-]/g, '');
    if (kind === 'physical' && !/^[A-Za-z0-9]{8,20}$/.test(compact))
      next.serial = 'Scan or type the serial printed on the card: 8 to 20 letters or digits';
    if (kind === 'virtual' && !/^[^\s@]+@[^\s@]+$/.test(ownerEmail.trim()))
      next.ownerEmail = 'Enter the email the card is sent to';
    setErrors(next);
    if (Object.keys(next).length > 0 || minor === null) return;
    onDone({
      key: `g${++tenderKeys}`,
      amount: minor,
      ...(kind === 'physical' ? { serial: serial.trim() } : { ownerEmail: ownerEmail.trim() }),
    });
  };
  return (
    <form onSubmit={onSubmit} className="stack-tight" noValidate>
      <fieldset className="field">
        <legend>Kind of card</legend>
        <label>
          <input
            type="radio"
            name="gift-kind"
            checked={kind === 'physical'}
            onChange={() => setKind('physical')}
          />{' '}
          Physical card (scan it)
        </label>
        <label>
          <input
            type="radio"
            name="gift-kind"
            checked={kind === 'virtual'}
            onChange={() => setKind('virtual')}
          />{' '}
          Virtual card (emailed)
        </label>
      </fieldset>
      <TextField
        id="gift-sale-amount"
        label="Amount"
        value={amount}
        onChange={setAmount}
        error={errors.amount}
        hint={`${money(limits.minAmount)} to ${money(limits.maxAmount)}.`}
        input={{ inputMode: 'decimal', className: 'input-short' }}
      />
      {kind === 'physical' ? (
        <TextField
          id="gift-sale-serial"
          label="Card serial"
          value={serial}
          onChange={setSerial}
          error={errors.serial}
          input={{ autoComplete: 'off', maxLength: 40 }}
        />
      ) : (
        <TextField
          id="gift-sale-email"
          label="Send it to"
          value={ownerEmail}
          onChange={setOwnerEmail}
          error={errors.ownerEmail}
          input={{ type: 'email', autoComplete: 'off', maxLength: 254 }}
        />
      )}
      <SubmitOrCancel label="Add to sale" pendingLabel="Adding…" pending={false} onCancel={onCancel} />
    </form>
  );
}

function SaleDone({ order, onNext }: { order: Order; onNext: () => void }) {
  const money = (minor: number) => formatMoney(minor, order.currency);
  const next = useRef<HTMLButtonElement>(null);
  // The next customer is waiting: the button for a new sale is where the keyboard (or scanner) is.
  useEffect(() => next.current?.focus(), []);
  return (
    <section className="card stack sale-done" aria-labelledby="done-title">
      <h1 id="done-title">Sale #{order.number} complete</h1>
      {order.change > 0 ? (
        <p className="change-due" role="status">
          Change to give: <strong>{money(order.change)}</strong>
        </p>
      ) : null}
      <p>
        Total {money(order.total)}
        {order.customer?.email ? ` · receipt emailed to ${order.customer.email}` : ''}
      </p>
      <div className="form-actions">
        <button ref={next} type="button" className="button button-large" onClick={onNext}>
          New sale
        </button>
        <Link to={`/pos/receipt/${encodeURIComponent(order.id)}`} className="button button-secondary">
          Print receipt
        </Link>
      </div>
    </section>
  );
}

const shortDay = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** What the sale's customer gets: their discounts on services and products, the package credits left. */
function PerksNotice({ perks }: { perks: CustomerPerks }) {
  if (!perks.discount && perks.credits.length === 0) return null;
  return (
    <div className="notice" data-testid="customer-perks">
      {perks.discount ? (
        <p data-testid="member-discount">
          {perks.discount.from}: {perks.discount.percent}% off services
        </p>
      ) : null}
      {perks.productDiscount ? (
        <p data-testid="product-discount">
          {perks.productDiscount.from}: {perks.productDiscount.percent}% off products
        </p>
      ) : null}
      {perks.credits.length > 0 ? (
        <ul className="plain-list">
          {perks.credits.map((c) => (
            <li key={`${c.packageId} ${c.itemId}`}>
              {c.package}: {c.remaining} {c.service} credit{c.remaining === 1 ? '' : 's'} left, until{' '}
              {shortDay.format(new Date(c.expiresAt))}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
