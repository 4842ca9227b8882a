import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { isSignedOut } from '../account/account-frame.js';
import { ApiError, api, type ShopPlan, type ShopPlans } from '../api-client.js';
import type { CardFormHandle } from '../components/card-form.js';
import { ItemPicture } from '../components/item-picture.js';
import { formatMoney } from '../components/money.js';
import { usePageTitle } from '../components/page-title.js';
import { maskedCard, useCardPick } from '../components/saved-cards.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { useAccount } from './account-session.js';
import { CardChoice, usePlaceOrder, useShopSavedCards } from './card-choice.js';
import './shop-catalog.css';

const plansKey = ['shop', 'plans'] as const;
const usePlans = () =>
  useQuery({ queryKey: plansKey, queryFn: () => api<ShopPlans>('GET', '/api/store/plans') });

/** "10 × Blow-dry, valid 90 days" or "Renews every month". */
export function planTerms(plan: ShopPlan): string {
  const parts: string[] = [];
  if (plan.includes.length > 0) parts.push(plan.includes.map((i) => `${i.quantity} × ${i.name}`).join(', '));
  if (plan.kind === 'package' && plan.durationDays) parts.push(`valid ${plan.durationDays} days`);
  if (plan.kind === 'membership') parts.push(`renews every ${plan.interval ?? 'month'}`);
  if (plan.discountPercent) parts.push(discountWords(plan));
  return parts.join(' · ');
}

/** "15% off all services", or "10% off everything" for a plan whose discount covers products too. */
const discountWords = (plan: ShopPlan) =>
  `${plan.discountPercent}% off ${plan.discountAppliesTo === 'all' ? 'everything' : 'all services'}`;

/** The packages and memberships the shop offers, each with what it includes and its price. */
export function PlansPage() {
  usePageTitle('Packages & memberships');
  const plans = usePlans();
  const money = (minor: number) => formatMoney(minor, plans.data?.currency ?? 'USD');
  const list = plans.data?.data ?? [];
  return (
    <section aria-labelledby="plans-title" className="stack shop-wide">
      <h1 id="plans-title">Packages &amp; memberships</h1>
      {plans.isPending ? <Loading what="packages and memberships" /> : null}
      {plans.isError ? <ErrorMessage error={plans.error} /> : null}
      {plans.isSuccess && list.length === 0 ? (
        <p className="empty">No packages or memberships are offered at the moment.</p>
      ) : null}
      <ul className="product-grid" aria-label="Packages and memberships">
        {list.map((plan) => (
          <li key={plan.id} className="card product">
            <ItemPicture url={plan.pictureUrl} name={plan.name} className="shop-tile-picture" />
            <p className="muted">{plan.kind === 'package' ? 'Package' : 'Membership'}</p>
            <h2 className="product-name">{plan.name}</h2>
            <p>{planTerms(plan)}</p>
            <p className="product-price">
              {money(plan.total)}
              {plan.kind === 'membership' ? (
                <span className="muted"> a {plan.interval ?? 'month'}</span>
              ) : null}
            </p>
            <p className="muted">{plan.tax > 0 ? `Includes ${money(plan.tax)} tax` : 'No tax charged'}</p>
            <Link
              to={`/shop/plans/${encodeURIComponent(plan.id)}`}
              className="button"
              aria-label={`See ${plan.name}`}
            >
              See details
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

type Payment = { cardToken: string; expiry: string; saveCard?: boolean } | { paymentMethodId: string };

/**
 * One package or membership: everything it includes, then buying it — the card (saved or new),
 * a review of name and price, and confirm. The receipt is emailed and it shows in My account.
 */
export function PlanPage() {
  const { planId = '' } = useParams();
  const plans = usePlans();
  const plan = plans.data?.data.find((p) => p.id === planId);
  usePageTitle(plan?.name ?? 'Package or membership');
  if (plans.isPending) return <Loading what="the details" />;
  if (plans.isError) return <ErrorMessage error={plans.error} />;
  if (!plan) {
    return (
      <section className="stack">
        <h1>Not offered</h1>
        <p>
          This package or membership is not offered any more. <Link to="/shop/plans">See what is</Link>.
        </p>
      </section>
    );
  }
  const money = (minor: number) => formatMoney(minor, plans.data.currency);
  return (
    <section aria-labelledby="plan-title" className="stack">
      <p>
        <Link to="/shop/plans">← Packages &amp; memberships</Link>
      </p>
      <h1 id="plan-title">{plan.name}</h1>
      {plan.pictureUrl ? (
        <img src={plan.pictureUrl} alt={plan.name} className="item-picture plan-picture" />
      ) : null}
      {plan.description ? <p>{plan.description}</p> : null}
      <dl className="details" data-testid="plan-facts">
        <dt>{plan.kind === 'package' ? 'Package' : 'Membership'}</dt>
        <dd>{planTerms(plan)}</dd>
        {plan.includes.length > 0 ? (
          <>
            <dt>Included</dt>
            <dd>
              <ul className="plain-list">
                {plan.includes.map((i) => (
                  <li key={i.name}>
                    {i.quantity} × {i.name}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        <dt>Discount</dt>
        <dd>
          {plan.discountPercent
            ? `${discountWords(plan)} ${plan.kind === 'package' ? 'while the package is valid' : 'while the membership is active'}`
            : 'None'}
        </dd>
        <dt>{plan.kind === 'package' ? 'Valid for' : 'Renews'}</dt>
        <dd>
          {plan.kind === 'package'
            ? `${plan.durationDays ?? 365} days from purchase`
            : `every ${plan.interval ?? 'month'} on the day you join, until you cancel`}
        </dd>
        <dt>Price</dt>
        <dd>{money(plans.data.pricesIncludeTax ? plan.total : plan.price)}</dd>
        <dt>Tax</dt>
        <dd>
          {plan.tax > 0
            ? `${money(plan.tax)} (${plan.taxRate / 100}%${plans.data.pricesIncludeTax ? ', included' : ''})`
            : 'None'}
        </dd>
        <dt>You pay</dt>
        <dd>
          <strong>{money(plan.total)}</strong>
          {plan.kind === 'membership'
            ? ` now, then ${money(plan.total)} every ${plan.interval ?? 'month'}`
            : ''}
        </dd>
      </dl>
      <BuyPlan plan={plan} money={money} />
    </section>
  );
}

function BuyPlan({ plan, money }: { plan: ShopPlan; money: (minor: number) => string }) {
  const account = useAccount();
  const card = useRef<CardFormHandle>(null);
  const [saveCard, setSaveCard] = useState(false);
  const [reading, setReading] = useState(false);
  const [review, setReview] = useState<{ payment: Payment; card: string } | null>(null);
  const saved = useShopSavedCards(account.isSuccess);
  const cards = (saved.data?.data ?? []).filter((c) => !c.expired);
  const [payWith, setPayWith] = useCardPick(cards);
  const buy = usePlaceOrder();
  const mustSave = plan.kind === 'membership';

  if (account.isPending) return <Loading what="your account" />;
  if (account.isError) {
    if (!isSignedOut(account.error)) return <ErrorMessage error={account.error} />;
    return (
      <p className="card">
        <Link to="/shop/login" state={{ from: `/shop/plans/${plan.id}` }} className="button">
          Sign in to buy
        </Link>{' '}
        or <Link to="/shop/register">create an account</Link>.
      </p>
    );
  }

  const onReview = async (event: FormEvent) => {
    event.preventDefault();
    buy.reset();
    if (payWith !== 'new') {
      const chosen = cards.find((c) => c.id === payWith);
      setReview({
        payment: { paymentMethodId: payWith },
        card: chosen ? maskedCard(chosen.brand, chosen.last4) : 'your saved card',
      });
      return;
    }
    setReading(true);
    const details = await card.current?.collect().finally(() => setReading(false));
    if (!details) return;
    const keep = mustSave || saveCard;
    setReview({
      payment: { ...details, ...(keep ? { saveCard: true } : {}) },
      card: `the card ending ${details.cardToken.slice(-4)}${keep ? ' (saved)' : ''}`,
    });
  };

  if (review) {
    return (
      <section className="card stack-tight" aria-labelledby="review-title">
        <h2 id="review-title">Review and confirm</h2>
        <dl className="details" data-testid="plan-review">
          <dt>{plan.kind === 'package' ? 'Package' : 'Membership'}</dt>
          <dd>{plan.name}</dd>
          <dt>Price</dt>
          <dd>
            {money(plan.total)}
            {plan.tax > 0 ? ` (tax ${money(plan.tax)})` : ''}
          </dd>
          <dt>Paid with</dt>
          <dd>{review.card}</dd>
          {plan.kind === 'membership' ? (
            <>
              <dt>Then</dt>
              <dd>
                {money(plan.total)} every {plan.interval ?? 'month'} on this card until you cancel (from My
                account)
              </dd>
            </>
          ) : null}
        </dl>
        {buy.isError ? <ErrorMessage error={buy.error} /> : null}
        <div className="form-actions">
          <button
            type="button"
            className="button button-large"
            disabled={buy.isPending}
            onClick={() => buy.mutate({ lines: [{ itemId: plan.id, quantity: 1 }], payment: review.payment })}
          >
            {buy.isPending ? 'Paying…' : `Confirm and pay ${money(plan.total)}`}
          </button>
          <button
            type="button"
            className="button button-secondary"
            disabled={buy.isPending}
            onClick={() => setReview(null)}
          >
            Change the card
          </button>
        </div>
        {buy.isError && buy.error instanceof ApiError && buy.error.code === 'payment_declined' ? (
          <p className="hint">Try another card: choose “Change the card”.</p>
        ) : null}
      </section>
    );
  }

  return (
    <form onSubmit={onReview} className="stack" noValidate aria-label={`Buy ${plan.name}`}>
      <CardChoice
        cards={cards}
        payWith={payWith}
        onPayWith={setPayWith}
        saveCard={saveCard}
        onSaveCard={setSaveCard}
        cardRef={card}
        idPrefix="plan-card"
        mustSave={mustSave}
      />
      <div className="form-actions">
        <button type="submit" className="button button-large" disabled={reading}>
          {reading ? 'Reading the card…' : 'Review'}
        </button>
      </div>
    </form>
  );
}
