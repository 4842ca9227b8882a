import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Ref } from 'react';
import { useNavigate } from 'react-router';
import { api, type CustomerOrder, type PaymentMethod } from '../api-client.js';
import { CardForm, type CardFormHandle } from '../components/card-form.js';
import { useRetryKey } from '../components/retry-key.js';
import { maskedCard } from '../components/saved-cards.js';
import { shopPerksKey } from './account-session.js';

/**
 * How a customer pays: one of their saved cards (the first is chosen to start with), or a new card
 * they may save. When the purchase renews on the card (a membership), a new card is saved and the
 * box says why. A guest has no saved cards and cannot save one (`canSave` false).
 */
export function CardChoice({
  cards,
  payWith,
  onPayWith,
  saveCard,
  onSaveCard,
  cardRef,
  idPrefix,
  mustSave = false,
  canSave = true,
}: {
  cards: readonly PaymentMethod[];
  /** A saved card's id, or `new`. */
  payWith: string;
  onPayWith: (payWith: string) => void;
  saveCard: boolean;
  onSaveCard: (save: boolean) => void;
  cardRef: Ref<CardFormHandle>;
  idPrefix: string;
  mustSave?: boolean;
  canSave?: boolean;
}) {
  return (
    <fieldset className="card stack-tight">
      <legend>Payment</legend>
      {cards.map((c) => (
        <label key={c.id} className="check">
          <input type="radio" name="pay-with" checked={payWith === c.id} onChange={() => onPayWith(c.id)} />{' '}
          {maskedCard(c.brand, c.last4)}
        </label>
      ))}
      {cards.length > 0 ? (
        <label className="check">
          <input type="radio" name="pay-with" checked={payWith === 'new'} onChange={() => onPayWith('new')} />{' '}
          A new card
        </label>
      ) : null}
      {payWith === 'new' ? (
        <>
          <CardForm ref={cardRef} idPrefix={idPrefix} legend="Card details" />
          {canSave ? (
            <label className="check">
              <input
                type="checkbox"
                checked={mustSave || saveCard}
                disabled={mustSave}
                onChange={(e) => onSaveCard(e.target.checked)}
              />{' '}
              Save this card for next time
              {mustSave ? <span className="hint"> (the membership renews on it, so it is saved)</span> : null}
            </label>
          ) : null}
        </>
      ) : null}
    </fieldset>
  );
}

/** The signed-in customer's saved cards, to pay with (once `signedIn`). */
export const useShopSavedCards = (signedIn: boolean) =>
  useQuery({
    queryKey: ['shop', 'saved-cards'],
    // Not My account's list: checkout offers saved cards even when the customer portal is off.
    queryFn: () => api<{ data: PaymentMethod[] }>('GET', '/api/store/checkout/payment-methods'),
    enabled: signedIn,
  });

/**
 * Places an order through the checkout (retried safely with one idempotency key), then shows it
 * in My account with a thank-you; a guest's on a thank-you page of its own.
 */
export function usePlaceOrder(onPlaced?: () => void, asGuest = false) {
  const navigate = useNavigate();
  const retryKey = useRetryKey();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: object) =>
      api<CustomerOrder>('POST', '/api/store/checkout', body, { idempotencyKey: retryKey.for(body) }),
    onSuccess: (order) => {
      retryKey.answered();
      // A membership or package just bought changes what the next cart takes off.
      void queryClient.invalidateQueries({ queryKey: shopPerksKey });
      onPlaced?.();
      if (asGuest)
        navigate('/shop/order-placed', {
          state: { number: order.number, email: order.customer?.email ?? '' },
        });
      else navigate(`/account/orders/${encodeURIComponent(order.id)}`, { state: { placed: true } });
    },
    onError: (err) => retryKey.answered(err),
  });
}
