import { useMutation, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { ApiError, api, type Customer, errorDetail, type Order, type PaymentMethod } from '../api-client.js';
import { formatMoney, fractionDigits } from '../components/money.js';
import { useRetryKey } from '../components/retry-key.js';
import { CardTenderForm } from './card-tender-form.js';
import { type Cart, errorsByTender, type GiftCardSale, type Tender, tenderState } from './cart-model.js';
import { CashTenderForm } from './cash-tender-form.js';
import { GiftCardTenderForm } from './gift-card-tender-form.js';
import { TenderList } from './tender-list.js';

/** The payment dialog: cash, gift cards and cards until the sale is covered, then Complete. */
export function PayForm({
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
  /** The sale's refusal, beside the payments it names; cleared with the payment it is about. */
  const [refused, setRefused] = useState<{ byTender: Record<string, string>; rest: string[] } | null>(null);
  const { due, change } = tenderState(total, tenders);
  const toCharge = tenders.filter((t) => t.method === 'card').reduce((sum, t) => sum + t.amount, 0);
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
    mutationFn: (sent: { body: typeof body; tenders: Tender[] }) =>
      api<Order>('POST', '/api/pos/sales', sent.body, { idempotencyKey: retryKey.for(sent.body) }),
    onMutate: () => setRefused(null),
    onSuccess: (order) => {
      retryKey.answered();
      onDone(order);
    },
    onError: (err, sent) => {
      retryKey.answered(err);
      if (!(err instanceof ApiError)) {
        setRefused({ byTender: {}, rest: [errorDetail(err)] });
        return;
      }
      const split = errorsByTender(sent.tenders, err.errors);
      // When no payment is named, the detail says it all; otherwise each payment says its own part.
      setRefused(Object.keys(split.byTender).length > 0 ? split : { byTender: {}, rest: [err.detail] });
    },
  });

  const add = (tender: Tender) => setTenders((list) => [...list, tender]);
  const remove = (key: string) => {
    setTenders((list) => list.filter((x) => x.key !== key));
    setRefused((r) => {
      if (!r?.byTender[key]) return r;
      const { [key]: _gone, ...byTender } = r.byTender;
      return Object.keys(byTender).length > 0 || r.rest.length > 0 ? { ...r, byTender } : null;
    });
  };

  return (
    <div className="stack-tight pay-form">
      <p className="due" aria-live="polite">
        {due > 0 ? (
          <>
            To pay: <strong>{money(due)}</strong>
          </>
        ) : change > 0 ? (
          <>
            Change to give: <strong>{money(change)}</strong>
          </>
        ) : toCharge > 0 ? (
          <>
            <strong>Covered</strong>: {money(toCharge)} to charge to the card on completing
          </>
        ) : (
          <strong>Paid in full</strong>
        )}
      </p>
      <TenderList
        tenders={tenders}
        money={money}
        errors={refused?.byTender ?? {}}
        onRemove={remove}
        disabled={sale.isPending}
      />
      {due > 0 ? (
        <>
          <CashTenderForm due={due} digits={digits} money={money} onAdd={add} />
          <GiftCardTenderForm
            due={due}
            digits={digits}
            currency={currency}
            money={money}
            tenders={tenders}
            onAdd={add}
          />
          <CardTenderForm
            due={due}
            digits={digits}
            money={money}
            customer={customer}
            keepsCard={keepsCard}
            savedCards={savedCards.data?.data ?? []}
            onAdd={add}
          />
        </>
      ) : null}
      {refused?.rest.map((message) => (
        <p key={message} className="notice notice-error" role="alert">
          {message}
        </p>
      ))}
      <div className="form-actions pay-actions">
        <button
          type="button"
          className="button button-large"
          disabled={due > 0 || sale.isPending}
          onClick={() => sale.mutate({ body, tenders })}
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
