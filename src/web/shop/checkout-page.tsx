import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { Link, Navigate } from 'react-router';
import { isSignedOut } from '../account/account-frame.js';
import { ApiError, api, type FieldError } from '../api-client.js';
import type { CardFormHandle } from '../components/card-form.js';
import { ErrorSummary, TextField } from '../components/fields.js';
import { formatMoney } from '../components/money.js';
import { usePageTitle } from '../components/page-title.js';
import { useCardPick } from '../components/saved-cards.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { useAccount, useShopAbout, useShopPerks } from './account-session.js';
import { CardChoice, usePlaceOrder, useShopSavedCards } from './card-choice.js';
import { useShopCart } from './shop-cart.js';
import { CartTotals, cartTotals, useShopTerms } from './shop-pages.js';

const addressFields = [
  ['name', 'Full name', 'shipping name'],
  ['line1', 'Address line 1', 'shipping address-line1'],
  ['line2', 'Address line 2 (optional)', 'shipping address-line2'],
  ['city', 'City', 'shipping address-level2'],
  ['region', 'Region (optional)', 'shipping address-level1'],
  ['postalCode', 'Postal code', 'shipping postal-code'],
  ['country', 'Country (2 letters)', 'shipping country'],
] as const;
type AddressKey = (typeof addressFields)[number][0];

export function CheckoutPage() {
  usePageTitle('Checkout');
  const account = useAccount();
  const about = useShopAbout();
  const signedOut = account.isError && isSignedOut(account.error);
  // Without a session, checkout is a guest's when the shop allows it (the server checks too).
  const guest = signedOut && about.data?.guestCheckout === true;
  const cart = useShopCart();
  const terms = useShopTerms();
  const card = useRef<CardFormHandle>(null);
  // Once the order is placed the cart empties: that must not read as "nothing to check out".
  const placed = useRef(false);
  const [delivery, setDelivery] = useState<'shipping' | 'pickup'>('shipping');
  const [address, setAddress] = useState<Record<AddressKey, string> | null>(null);
  const [email, setEmail] = useState('');
  const [saveCard, setSaveCard] = useState(false);
  const [local, setLocal] = useState<FieldError[]>([]);
  const [reading, setReading] = useState(false);
  const [applied, setApplied] = useState<AppliedGiftCard[]>([]);
  const saved = useShopSavedCards(account.isSuccess);
  const cards = (saved.data?.data ?? []).filter((c) => !c.expired);
  const [payWith, setPayWith] = useCardPick(cards);
  const perks = useShopPerks().data ?? null;
  const place = usePlaceOrder(() => {
    placed.current = true;
    cart.clear();
  }, guest);

  if (signedOut && about.isPending) return <Loading what="the checkout" />;
  if (signedOut && !guest) {
    return <Navigate to="/shop/login" replace state={{ from: '/shop/checkout' }} />;
  }
  if ((account.isPending && !guest) || terms.isPending) return <Loading what="the checkout" />;
  if (account.isError && !guest) return <ErrorMessage error={account.error} />;
  if (cart.lines.length === 0 && !placed.current) return <Navigate to="/shop/cart" replace />;

  const me = account.data;
  const first = me?.addresses[0];
  const form: Record<AddressKey, string> = address ?? {
    name: me?.name ?? '',
    line1: first?.line1 ?? '',
    line2: first?.line2 ?? '',
    city: first?.city ?? '',
    region: first?.region ?? '',
    postalCode: first?.postalCode ?? '',
    country: first?.country ?? '',
  };
  const money = (minor: number) => formatMoney(minor, terms.data?.currency ?? 'USD');
  const totals = cartTotals(cart.lines, terms.data?.pricesIncludeTax ?? false, perks);
  const goods = cart.lines.some((l) => !l.giftCard);
  // Gift cards pay for goods, not for other gift cards; each takes what it has, in turn.
  const giftCardsSold = cart.lines.reduce((sum, l) => sum + (l.giftCard ? l.price * l.quantity : 0), 0);
  let payable = totals.total - giftCardsSold;
  const uses = applied.map((a) => {
    const use = Math.min(a.balance, Math.max(0, payable));
    payable -= use;
    return { ...a, use };
  });
  const byGiftCards = uses.reduce((sum, u) => sum + u.use, 0);
  const byCard = totals.total - byGiftCards;
  const serverErrors =
    place.error instanceof ApiError && place.error.code === 'validation_failed' ? place.error.errors : [];
  const errors = local.length > 0 ? local : serverErrors;
  const errorOf = (path: string) => errors.find((e) => e.path === path)?.message;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    place.reset();
    const problems: FieldError[] = [];
    if (guest && !email.trim()) problems.push({ path: 'email', message: 'must not be empty' });
    if (goods && delivery === 'shipping') {
      for (const [key, label] of addressFields) {
        if (!label.includes('optional') && !form[key].trim()) {
          problems.push({ path: `shippingAddress.${key}`, message: 'must not be empty' });
        }
      }
    }
    setLocal(problems);
    if (problems.length > 0) return;
    let payment: object | undefined;
    if (byCard <= 0) payment = undefined;
    else if (payWith === 'new') {
      setReading(true);
      const details = await card.current?.collect().finally(() => setReading(false));
      if (!details) return;
      payment = { ...details, ...(saveCard ? { saveCard: true } : {}) };
    } else {
      payment = { paymentMethodId: payWith };
    }
    const shippingAddress =
      goods && delivery === 'shipping'
        ? Object.fromEntries(
            addressFields.map(([key]) => [key, form[key].trim()]).filter(([, v]) => v !== ''),
          )
        : undefined;
    place.mutate({
      lines: cart.lines.map((l) =>
        l.giftCard
          ? { giftCard: { amount: l.price, ...l.giftCard } }
          : { itemId: l.itemId, quantity: l.quantity },
      ),
      ...(shippingAddress ? { shippingAddress } : {}),
      ...(uses.some((u) => u.use > 0)
        ? { giftCardCodes: uses.filter((u) => u.use > 0).map((u) => u.code) }
        : {}),
      ...(payment ? { payment } : {}),
      ...(guest ? { email: email.trim() } : {}),
    });
  };

  return (
    <section aria-labelledby="checkout-title" className="stack">
      <h1 id="checkout-title">Checkout</h1>
      <form onSubmit={onSubmit} className="stack" noValidate>
        <ErrorSummary
          errors={errors.map((e) => ({
            fieldId:
              e.path === 'email'
                ? 'checkout-email'
                : e.path.startsWith('shippingAddress.')
                  ? `checkout-${e.path.slice(16)}`
                  : null,
            label:
              e.path === 'email'
                ? 'Email'
                : (addressFields.find(([k]) => `shippingAddress.${k}` === e.path)?.[1] ?? e.path),
            message: e.message,
          }))}
        />
        {guest ? (
          <fieldset className="card stack-tight">
            <legend>Your email</legend>
            <p className="muted">
              You are checking out as a guest: the receipt goes to this email.{' '}
              <Link to="/shop/login" state={{ from: '/shop/checkout' }}>
                Sign in
              </Link>{' '}
              to use your saved cards instead.
            </p>
            <TextField
              id="checkout-email"
              label="Email"
              value={email}
              onChange={setEmail}
              error={errorOf('email')}
              input={{ type: 'email', autoComplete: 'email', maxLength: 254 }}
            />
          </fieldset>
        ) : null}
        <section className="card stack-tight" aria-labelledby="summary-title">
          <h2 id="summary-title">Your order</h2>
          <ul className="cart-lines" aria-label="Items">
            {cart.lines.map((l) => (
              <li key={l.itemId} className="cart-line">
                <span>
                  {l.quantity} × {l.name}
                </span>
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
        </section>
        {goods ? (
          <fieldset className="card stack-tight">
            <legend>Delivery</legend>
            <label className="check">
              <input
                type="radio"
                name="delivery"
                checked={delivery === 'shipping'}
                onChange={() => setDelivery('shipping')}
              />{' '}
              {guest ? 'Deliver to this address' : 'Deliver to my address'}
            </label>
            <label className="check">
              <input
                type="radio"
                name="delivery"
                checked={delivery === 'pickup'}
                onChange={() => setDelivery('pickup')}
              />{' '}
              Collect in store
            </label>
            {delivery === 'shipping'
              ? addressFields.map(([key, label, autoComplete]) => (
                  <TextField
                    key={key}
                    id={`checkout-${key}`}
                    label={label}
                    value={form[key]}
                    onChange={(value) => setAddress({ ...form, [key]: value })}
                    error={errorOf(`shippingAddress.${key}`)}
                    input={{ autoComplete, maxLength: key === 'country' ? 2 : 200 }}
                  />
                ))
              : null}
          </fieldset>
        ) : null}
        <GiftCardCodes
          applied={uses}
          money={money}
          onApply={(card) =>
            setApplied((list) => (list.some((a) => a.code === card.code) ? list : [...list, card]))
          }
          onRemove={(code) => setApplied((list) => list.filter((a) => a.code !== code))}
        />
        {byCard <= 0 ? (
          <p className="notice" role="status">
            Your gift cards cover the whole order: nothing to pay by card.
          </p>
        ) : (
          <CardChoice
            cards={cards}
            payWith={payWith}
            onPayWith={setPayWith}
            saveCard={saveCard}
            onSaveCard={setSaveCard}
            cardRef={card}
            idPrefix="checkout-card"
            canSave={!guest}
          />
        )}
        {place.isError && serverErrors.length === 0 && !isSignedOut(place.error) ? (
          <ErrorMessage error={place.error} />
        ) : null}
        <div className="form-actions">
          <button type="submit" className="button button-large" disabled={place.isPending || reading}>
            {place.isPending || reading
              ? 'Placing your order…'
              : byCard > 0
                ? `Pay ${money(byCard)}`
                : 'Place order'}
          </button>
        </div>
      </form>
    </section>
  );
}

interface AppliedGiftCard {
  code: string;
  balance: number;
}

/** Gift cards to pay with: each code is checked, then takes what it has, up to what is left to pay. */
function GiftCardCodes({
  applied,
  money,
  onApply,
  onRemove,
}: {
  applied: (AppliedGiftCard & { use: number })[];
  money: (minor: number) => string;
  onApply: (card: AppliedGiftCard) => void;
  onRemove: (code: string) => void;
}) {
  const [code, setCode] = useState('');
  const check = useMutation({
    mutationFn: (body: { code: string }) =>
      api<{ balance: number }>('POST', '/api/store/gift-cards/balance', body),
    onSuccess: (answer, body) => {
      onApply({ code: body.code, balance: answer.balance });
      setCode('');
    },
  });
  const apply = () => {
    check.reset();
    if (code.trim()) check.mutate({ code: code.trim() });
  };
  return (
    <fieldset className="card stack-tight">
      <legend>Gift cards</legend>
      {applied.length > 0 ? (
        <ul className="tender-list" aria-label="Gift cards applied">
          {applied.map((a) => (
            <li key={a.code}>
              <span>Gift card •••• {a.code.replace(/[\s-]/g, '').slice(-4)}</span>
              <span>
                {money(a.use)} <span className="row-meta">of {money(a.balance)}</span>
              </span>
              <button
                type="button"
                className="button button-quiet button-small"
                onClick={() => onRemove(a.code)}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="inline-form">
        <div className="field grow">
          <label htmlFor="checkout-gift-code">Gift card code</label>
          <input
            id="checkout-gift-code"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            autoComplete="off"
            maxLength={64}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                apply();
              }
            }}
          />
        </div>
        <button type="button" className="button button-secondary" onClick={apply} disabled={check.isPending}>
          {check.isPending ? 'Checking…' : 'Apply'}
        </button>
      </div>
      {check.isError ? (
        <p className="field-error" role="alert">
          {check.error instanceof ApiError && check.error.code === 'gift_card_not_found'
            ? 'No gift card in use has this code.'
            : check.error instanceof ApiError
              ? check.error.detail
              : 'The card could not be checked. Try again.'}
        </p>
      ) : null}
    </fieldset>
  );
}
