import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, type GiftCardDetail } from '../api-client.js';
import { Ledger } from '../components/gift-card-ledger.js';
import { giftCardStatusLabels, groupedCode } from '../components/gift-card-model.js';
import { formatMoney } from '../components/money.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { AccountFrame } from './account-frame.js';

type OwnedCard = GiftCardDetail & { code: string };

/** The cards the customer owns: bought for themselves, or given to them by email. */
export function MyGiftCardsPage() {
  return (
    <AccountFrame title="Gift cards" titleId="my-gift-cards-title">
      <MyGiftCards />
    </AccountFrame>
  );
}

function MyGiftCards() {
  const cards = useQuery({
    queryKey: ['shop', 'account', 'gift-cards'],
    queryFn: () => api<{ data: OwnedCard[] }>('GET', '/api/store/account/gift-cards'),
  });
  if (cards.isPending) return <Loading what="your gift cards" />;
  if (cards.isError) return <ErrorMessage error={cards.error} />;
  if (cards.data.data.length === 0)
    return (
      <p className="empty">
        No gift cards yet. Cards sent to your email address show up here.{' '}
        <Link to="/shop/gift-cards">Buy one</Link>
      </p>
    );
  return (
    <div className="stack">
      {cards.data.data.map((card) => (
        <article key={card.id} className="card stack-tight" aria-labelledby={`card-${card.id}`}>
          <h2 id={`card-${card.id}`}>
            Gift card {card.maskedCode}{' '}
            <span className="badge badge-kind">{giftCardStatusLabels[card.status]}</span>
          </h2>
          <dl className="details">
            <dt>Balance</dt>
            <dd data-testid="my-gift-card-balance">{formatMoney(card.balance, card.currency)}</dd>
            <dt>Code</dt>
            <dd>
              <code className="gift-code">{groupedCode(card.code)}</code>
            </dd>
            {card.senderName ? (
              <>
                <dt>From</dt>
                <dd>{card.senderName}</dd>
              </>
            ) : null}
          </dl>
          <Ledger
            card={card}
            entries={card.ledger}
            orderPath={(id) => `/account/orders/${encodeURIComponent(id)}`}
          />
        </article>
      ))}
    </div>
  );
}
