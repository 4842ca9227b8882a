import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { ApiError, api, type PaymentMethod, type Subscription } from '../api-client.js';
import { CardForm, type CardFormHandle } from '../components/card-form.js';
import { Dialog } from '../components/dialog.js';
import { SubmitOrCancel } from '../components/fields.js';
import { formatDate } from '../components/format.js';
import { formatMoney } from '../components/money.js';
import { useRetryKey } from '../components/retry-key.js';
import { maskedCard, useCardPick } from '../components/saved-cards.js';
import { ErrorMessage, Loading, StatusMessage } from '../components/status.js';
import { useShopAbout } from '../shop/account-session.js';
import { AccountFrame } from './account-frame.js';

const subscriptionsKey = ['shop', 'account', 'subscriptions'] as const;
const path = '/api/store/account/subscriptions';

const statusLabels: Record<Subscription['status'], string> = {
  active: 'Active',
  past_due: 'Payment due',
  paused: 'Paused',
  cancelled: 'Cancelled',
};

/** The customer's memberships: what they pay, when, on which card; change the card or cancel. */
export function SubscriptionsPage() {
  return (
    <AccountFrame title="Recurring orders" titleId="subscriptions-title" portalPage="Recurring orders">
      <Subscriptions />
    </AccountFrame>
  );
}

function Subscriptions() {
  const about = useShopAbout();
  const [status, setStatus] = useState('');
  const [changing, setChanging] = useState<Subscription | null>(null);
  const [cancelling, setCancelling] = useState<Subscription | null>(null);
  const list = useQuery({
    queryKey: subscriptionsKey,
    queryFn: () => api<{ data: Subscription[] }>('GET', path),
  });
  if (list.isPending || about.isPending) return <Loading what="your recurring orders" />;
  if (list.isError) {
    return list.error instanceof ApiError && list.error.code === 'feature_disabled' ? (
      <p className="empty">
        The shop does not show recurring orders here. Ask the shop about your membership.
      </p>
    ) : (
      <ErrorMessage error={list.error} />
    );
  }
  const canEdit = about.data?.portal.editRecurring ?? false;
  if (list.data.data.length === 0)
    return <p className="empty">No recurring orders. Memberships you buy show up here.</p>;
  return (
    <div className="stack">
      <StatusMessage>{status}</StatusMessage>
      {list.data.data.map((s) => (
        <article key={s.id} className="card stack-tight" aria-labelledby={`sub-${s.id}`}>
          <h2 id={`sub-${s.id}`}>
            {s.plan} <span className="badge badge-kind">{statusLabels[s.status]}</span>
          </h2>
          <dl className="details">
            <dt>Amount</dt>
            <dd>
              {formatMoney(s.amount, s.currency)} a {s.interval}
            </dd>
            <dt>Next payment</dt>
            <dd data-testid="next-payment">
              {s.nextPaymentAt
                ? formatDate(s.nextPaymentAt)
                : s.cancelAtPeriodEnd || s.status === 'cancelled'
                  ? 'None: cancelled'
                  : '—'}
            </dd>
            <dt>Card</dt>
            <dd data-testid="subscription-card">{s.card ?? '—'}</dd>
            {s.cancelAtPeriodEnd && s.nextPaymentAt ? (
              <>
                <dt>Ends</dt>
                <dd>{formatDate(s.nextPaymentAt)}</dd>
              </>
            ) : null}
          </dl>
          {s.status === 'past_due' ? (
            <p className="notice notice-error">
              The last payment did not go through. Update your card to renew.
            </p>
          ) : null}
          {canEdit && s.status !== 'cancelled' ? (
            <div className="form-actions">
              <button type="button" className="button button-secondary" onClick={() => setChanging(s)}>
                Update card
              </button>
              {!s.cancelAtPeriodEnd ? (
                <button type="button" className="button button-quiet" onClick={() => setCancelling(s)}>
                  Cancel
                </button>
              ) : null}
            </div>
          ) : null}
        </article>
      ))}
      <Dialog open={changing !== null} onClose={() => setChanging(null)} title="Update the card">
        {changing ? (
          <CardChange
            subscription={changing}
            onDone={(next) => {
              setChanging(null);
              setStatus(`${next.plan} now renews on ${next.card}.`);
            }}
            onCancel={() => setChanging(null)}
          />
        ) : null}
      </Dialog>
      <Dialog open={cancelling !== null} onClose={() => setCancelling(null)} title="Cancel the membership">
        {cancelling ? (
          <CancelForm
            subscription={cancelling}
            onDone={(next) => {
              setCancelling(null);
              setStatus(`${next.plan} is cancelled: it will not renew.`);
            }}
            onCancel={() => setCancelling(null)}
          />
        ) : null}
      </Dialog>
    </div>
  );
}

function CardChange({
  subscription,
  onDone,
  onCancel,
}: {
  subscription: Subscription;
  onDone: (next: Subscription) => void;
  onCancel: () => void;
}) {
  const queryClient = useQueryClient();
  const card = useRef<CardFormHandle>(null);
  const [reading, setReading] = useState(false);
  const retryKey = useRetryKey();
  const saved = useQuery({
    queryKey: ['shop', 'saved-cards'],
    queryFn: () => api<{ data: PaymentMethod[] }>('GET', '/api/store/account/payment-methods'),
  });
  const change = useMutation({
    mutationFn: (body: object) =>
      api<Subscription>('PUT', `${path}/${encodeURIComponent(subscription.id)}/payment-method`, body, {
        idempotencyKey: retryKey.for(body),
      }),
    onSuccess: (next) => {
      retryKey.answered();
      void queryClient.invalidateQueries({ queryKey: subscriptionsKey });
      void queryClient.invalidateQueries({ queryKey: ['shop', 'saved-cards'] });
      onDone(next);
    },
    onError: (err) => retryKey.answered(err),
  });
  const others = (saved.data?.data ?? []).filter((c) => !c.expired && c.id !== subscription.paymentMethodId);
  const [choice, setChoice] = useCardPick(others);
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    change.reset();
    if (choice !== 'new') return change.mutate({ paymentMethodId: choice });
    setReading(true);
    try {
      const details = await card.current?.collect();
      if (details) change.mutate({ cardToken: details.cardToken, expiry: details.expiry });
    } finally {
      setReading(false);
    }
  };
  return (
    <form onSubmit={onSubmit} className="stack-tight" noValidate>
      <p>
        {subscription.plan} renews on {subscription.card ?? 'a card no longer saved'}. The next renewal
        charges the card you choose here.
      </p>
      {others.map((c) => (
        <label key={c.id} className="check">
          <input type="radio" name="renew-card" checked={choice === c.id} onChange={() => setChoice(c.id)} />{' '}
          {maskedCard(c.brand, c.last4)}
        </label>
      ))}
      {others.length > 0 ? (
        <label className="check">
          <input
            type="radio"
            name="renew-card"
            checked={choice === 'new'}
            onChange={() => setChoice('new')}
          />{' '}
          A new card
        </label>
      ) : null}
      {choice === 'new' ? <CardForm ref={card} idPrefix="renew-card" legend="New card" /> : null}
      {change.isError ? <ErrorMessage error={change.error} /> : null}
      <SubmitOrCancel
        label="Use this card"
        pendingLabel="Checking the card…"
        pending={reading || change.isPending}
        onCancel={onCancel}
      />
    </form>
  );
}

function CancelForm({
  subscription,
  onDone,
  onCancel,
}: {
  subscription: Subscription;
  onDone: (next: Subscription) => void;
  onCancel: () => void;
}) {
  const queryClient = useQueryClient();
  const cancel = useMutation({
    mutationFn: () => api<Subscription>('POST', `${path}/${encodeURIComponent(subscription.id)}/cancel`),
    onSuccess: (next) => {
      void queryClient.invalidateQueries({ queryKey: subscriptionsKey });
      onDone(next);
    },
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        cancel.mutate();
      }}
      className="stack-tight"
      noValidate
    >
      <p>
        {subscription.plan} will not renew
        {subscription.nextPaymentAt ? ` on ${formatDate(subscription.nextPaymentAt)}` : ''}. You keep it until
        then.
      </p>
      {cancel.isError ? <ErrorMessage error={cancel.error} /> : null}
      <SubmitOrCancel
        label="Cancel the membership"
        pendingLabel="Cancelling…"
        pending={cancel.isPending}
        onCancel={onCancel}
      />
    </form>
  );
}
