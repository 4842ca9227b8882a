import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { OrderRefund, OrderRefundResult } from '../../contracts/orders.js';
import { ApiError, api, type CustomerPackage, type Order } from '../api-client.js';
import { Dialog } from './dialog.js';
import { ErrorSummary, SubmitOrCancel, TextField } from './fields.js';
import { formatMoney, fractionDigits, parseMajor } from './money.js';
import { useRetryKey } from './retry-key.js';
import { ErrorMessage } from './status.js';
import './refund-dialog.css';

type Way = 'back' | 'cash' | 'gift_card';

/** The refund of an order: what comes back, how the money goes back, and the store credit issued. */
export function RefundDialog({
  order,
  open,
  onClose,
  onDone,
}: {
  order: Order;
  open: boolean;
  onClose: () => void;
  onDone: (next: Order, message: string) => void;
}) {
  const [issued, setIssued] = useState<NonNullable<OrderRefundResult['storeCredit']> | null>(null);
  const close = () => {
    setIssued(null);
    onClose();
  };
  return (
    <Dialog open={open || issued !== null} onClose={close} title={`Refund order #${order.number}`}>
      {issued ? (
        <StoreCreditIssued card={issued} currency={order.currency} onClose={close} />
      ) : (
        <RefundForm
          order={order}
          onDone={({ storeCredit, ...next }, message) => {
            // The card's code stays in this dialog only, not in the order kept for the page.
            onDone(next, message);
            if (storeCredit) setIssued(storeCredit);
            else onClose();
          }}
          onCancel={close}
        />
      )}
    </Dialog>
  );
}

/** The new card's full code, once: the cashier writes it down or hands it over. */
function StoreCreditIssued({
  card,
  currency,
  onClose,
}: {
  card: NonNullable<OrderRefundResult['storeCredit']>;
  currency: string;
  onClose: () => void;
}) {
  return (
    <div className="stack-tight" data-testid="store-credit">
      <p className="notice notice-success">
        {formatMoney(card.amount, currency)} is on a new gift card for the customer.
      </p>
      <p>
        Its code, shown only now:
        <br />
        <strong className="store-credit-code">{card.code}</strong>
      </p>
      <p className="hint">
        {card.emailedTo
          ? `It has been emailed to ${card.emailedTo} too.`
          : 'The customer has no email: write the code down for them, or hand them a printed card.'}
      </p>
      <div>
        <button type="button" className="button" onClick={onClose}>
          Done
        </button>
      </div>
    </div>
  );
}

function RefundForm({
  order,
  onDone,
  onCancel,
}: {
  order: Order;
  onDone: (next: OrderRefundResult, message: string) => void;
  onCancel: () => void;
}) {
  const digits = fractionDigits(order.currency);
  const money = (minor: number) => formatMoney(minor, order.currency);
  const left = order.total - order.refunded;
  const cardTender = order.tenders.find((t) => t.method === 'card' && t.amount > t.refunded);
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const [restock, setRestock] = useState(true);
  const [amountText, setAmountText] = useState('');
  const [reason, setReason] = useState('');
  const [way, setWay] = useState<Way>('back');
  const [newCard, setNewCard] = useState(true);
  const [code, setCode] = useState('');
  const [amountError, setAmountError] = useState('');
  const [codeError, setCodeError] = useState('');
  const retryKey = useRetryKey();
  const refund = useMutation({
    mutationFn: (body: OrderRefund) =>
      api<OrderRefundResult>('POST', `/api/admin/orders/${encodeURIComponent(order.id)}/refunds`, body, {
        idempotencyKey: retryKey.for(body),
      }),
    onSuccess: () => retryKey.answered(),
    onError: (err) => retryKey.answered(err),
  });
  const lines = Object.entries(quantities)
    .filter(([, q]) => q > 0)
    .map(([lineId, quantity]) => ({ lineId, quantity }));
  const serverCodeError =
    refund.error instanceof ApiError
      ? refund.error.errors.find((e) => e.path === 'giftCardCode')?.message
      : undefined;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    refund.reset();
    let amount: number | undefined;
    if (amountText.trim()) {
      const parsed = parseMajor(amountText, digits);
      if (parsed === null || parsed <= 0 || parsed > left) {
        setAmountError(`Enter an amount up to ${money(left)}`);
        return;
      }
      amount = parsed;
    }
    setAmountError('');
    const giftCardCode = way === 'gift_card' && !newCard ? code.trim() : undefined;
    if (giftCardCode === '') {
      setCodeError('Enter the code of the customer’s gift card');
      return;
    }
    setCodeError('');
    // The order as it was when asked: the page may refresh it before the answer arrives.
    const before = order;
    const body: OrderRefund = {
      ...(amount !== undefined ? { amount } : {}),
      ...(lines.length > 0 ? { lines } : {}),
      restock,
      ...(reason.trim() ? { reason: reason.trim() } : {}),
      ...(way === 'cash'
        ? { method: 'cash' as const }
        : way === 'gift_card'
          ? { method: 'gift_card' as const, ...(giftCardCode ? { giftCardCode } : {}) }
          : cardTender
            ? { method: 'card' as const }
            : {}),
    };
    refund.mutate(body, { onSuccess: (next) => onDone(next, refundedMessage(before, next, money)) });
  };
  const errors = [
    ...(amountError ? [{ fieldId: 'refund-amount', label: 'Amount', message: amountError }] : []),
    ...(codeError ? [{ fieldId: 'refund-gift-card-code', label: 'Gift card code', message: codeError }] : []),
  ];
  const ways: { value: Way; label: string; hint: string }[] = [
    {
      value: 'back',
      label: cardTender
        ? `To the card${cardTender.card ? ` (${cardTender.card})` : ''}`
        : 'The way it was paid',
      hint: cardTender
        ? 'A card payment taken today has not settled yet: part of it is sent to the card once it settles, usually the next day.'
        : 'Cash back in cash, gift card payments back onto their card.',
    },
    { value: 'cash', label: 'Cash', hint: 'Hand it over from the till now.' },
    {
      value: 'gift_card',
      label: 'Gift card (store credit)',
      hint: 'On a new card for the customer, or on one they have.',
    },
  ];
  return (
    <form onSubmit={onSubmit} className="stack-tight" noValidate>
      <p>
        Up to {money(left)} can still be given back. Choose the items given back, or leave them all at 0 to
        refund an amount (the whole of what is left when the amount is empty).
      </p>
      {order.lines.map((l) => {
        const open = l.quantity - l.refundedQuantity;
        if (open <= 0) return null;
        return (
          <div key={l.id} className="field">
            <label htmlFor={`refund-line-${l.id}`}>
              {l.name} (up to {open})
            </label>
            <input
              id={`refund-line-${l.id}`}
              type="number"
              min={0}
              max={open}
              value={quantities[l.id] ?? 0}
              onChange={(e) =>
                setQuantities((q) => ({
                  ...q,
                  [l.id]: Math.max(0, Math.min(open, Number(e.target.value) || 0)),
                }))
              }
              className="input-short"
            />
            {l.kind === 'package' && l.packageId && (quantities[l.id] ?? 0) > 0 ? (
              <PackageRefundNote packageId={l.packageId} money={money} />
            ) : null}
          </div>
        );
      })}
      <label className="check">
        <input type="checkbox" checked={restock} onChange={(e) => setRestock(e.target.checked)} /> Put the
        items given back in stock
      </label>
      <fieldset className="refund-ways">
        <legend>Give the money back</legend>
        {ways.map((w) => (
          <div className="check" key={w.value}>
            <input
              type="radio"
              id={`refund-way-${w.value}`}
              name="refund-way"
              checked={way === w.value}
              onChange={() => setWay(w.value)}
              aria-describedby={`refund-way-${w.value}-hint`}
            />
            <label htmlFor={`refund-way-${w.value}`}>{w.label}</label>
            <p className="hint" id={`refund-way-${w.value}-hint`}>
              {w.hint}
            </p>
          </div>
        ))}
        {way === 'gift_card' ? (
          <div className="refund-gift-card stack-tight">
            <label className="check">
              <input type="radio" name="refund-card" checked={newCard} onChange={() => setNewCard(true)} /> A
              new gift card{order.customer?.email ? ', emailed to the customer' : ''}
            </label>
            <label className="check">
              <input type="radio" name="refund-card" checked={!newCard} onChange={() => setNewCard(false)} />{' '}
              A card the customer has
            </label>
            {newCard ? null : (
              <TextField
                id="refund-gift-card-code"
                label="Gift card code"
                value={code}
                onChange={setCode}
                error={codeError || serverCodeError}
                input={{ maxLength: 64, autoComplete: 'off', spellCheck: false, className: 'input-medium' }}
              />
            )}
          </div>
        ) : null}
      </fieldset>
      <ErrorSummary errors={errors} />
      <TextField
        id="refund-amount"
        label="Amount (optional)"
        value={amountText}
        onChange={setAmountText}
        error={amountError || undefined}
        hint={`In ${order.currency}. Left empty: the value of the items chosen, or everything left.`}
        input={{ inputMode: 'decimal', className: 'input-short' }}
      />
      <TextField
        id="refund-reason"
        label="Reason"
        value={reason}
        onChange={setReason}
        error={undefined}
        input={{ maxLength: 500 }}
      />
      {refund.isError && !serverCodeError ? <ErrorMessage error={refund.error} /> : null}
      <SubmitOrCancel
        label="Refund"
        pendingLabel="Refunding…"
        pending={refund.isPending}
        onCancel={onCancel}
      />
    </form>
  );
}

/** What the cashier is told once the refund is made: how much, and how it goes back. */
function refundedMessage(before: Order, after: OrderRefundResult, money: (m: number) => string): string {
  const amount = money(after.refunded - before.refunded);
  const owed = after.cardRefunds.filter((r) => !before.cardRefunds.some((b) => b.id === r.id));
  if (owed.length > 0) return `${amount} refunded: it goes to the card once the payment settles.`;
  if (after.storeCredit) return `${amount} refunded onto a new gift card.`;
  return `${amount} refunded.`;
}

/**
 * Refunds owed to cards until their payments settle, as the order page shows them; one the gateway
 * kept refusing can be sent again by whoever may refund (`onRetried`).
 */
export function CardRefundNotices({ order, onRetried }: { order: Order; onRetried?: (next: Order) => void }) {
  const money = (minor: number) => formatMoney(minor, order.currency);
  const retry = useMutation({
    mutationFn: (refundId: string) =>
      api<Order>(
        'POST',
        `/api/admin/orders/${encodeURIComponent(order.id)}/card-refunds/${encodeURIComponent(refundId)}/retry`,
        {},
      ),
    onSuccess: (next) => onRetried?.(next),
  });
  const shown = order.cardRefunds.filter((r) => r.status !== 'sent');
  if (shown.length === 0) return null;
  return (
    <div className="stack-tight" data-testid="card-refunds">
      {shown.map((r) =>
        r.status === 'failed' ? (
          <div key={r.id} className="notice notice-error">
            <p>
              Refund of {money(r.amount)} to {r.card ?? 'the card'} not sent:{' '}
              {r.lastError ?? 'the gateway refused it.'} Send it again once the gateway can take it, or give
              it back another way.
            </p>
            {onRetried ? (
              <button
                type="button"
                className="button button-secondary button-small"
                disabled={retry.isPending}
                onClick={() => retry.mutate(r.id)}
              >
                Send to the card again
              </button>
            ) : null}
          </div>
        ) : (
          <p key={r.id} className="notice notice-info">
            Refund pending: {money(r.amount)} to the card{r.card ? ` (${r.card})` : ''} once the payment
            settles.
            {r.lastError ? ` Last try: ${r.lastError}` : ''}
          </p>
        ),
      )}
      {retry.isError ? <ErrorMessage error={retry.error} /> : null}
    </div>
  );
}

/** Before a package is refunded: what it gives back (its unused value) and the credits it ends. */
function PackageRefundNote({ packageId, money }: { packageId: string; money: (m: number) => string }) {
  const bought = useQuery({
    queryKey: ['package', packageId],
    queryFn: () => api<CustomerPackage>('GET', `/api/admin/packages/${encodeURIComponent(packageId)}`),
  });
  if (bought.isPending) return <p className="hint">Working out the package’s unused value…</p>;
  if (bought.isError) return <ErrorMessage error={bought.error} />;
  const p = bought.data;
  const left = p.credits.reduce((sum, c) => sum + c.remaining, 0);
  const included = p.credits.reduce((sum, c) => sum + c.included, 0);
  return (
    <p className="notice" data-testid="package-refund">
      {p.status === 'expired'
        ? `${p.name} has expired: refunding it gives nothing back.`
        : `Only the unused value is refunded: ${money(p.refundable)} of ${money(p.price)} (${left} of ${included} credits left). Its credits end.`}
    </p>
  );
}
