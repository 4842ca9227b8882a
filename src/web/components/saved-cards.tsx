import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { maskedCard } from '../../contracts/card-brand.js';
import { api, type PaymentMethod } from '../api-client.js';
import { Dialog } from './dialog.js';
import { ErrorMessage, Loading, StatusMessage } from './status.js';

export { brandName, maskedCard } from '../../contracts/card-brand.js';

/** "0428" → "04/28". */
export const formatExpiry = (mmyy: string): string =>
  /^\d{4}$/.test(mmyy) ? `${mmyy.slice(0, 2)}/${mmyy.slice(2)}` : mmyy;

export const savedCardsKey = (path: string) => ['saved-cards', path] as const;

/**
 * Which card a form pays with: a saved card's id, or `new`. The first of `cards` is chosen until the
 * customer picks another; a picked card that is no longer offered falls back the same way.
 */
export function useCardPick(cards: readonly PaymentMethod[]): [string, (pick: string) => void] {
  const [picked, setPicked] = useState<string | null>(null);
  const offered = picked === 'new' || cards.some((c) => c.id === picked);
  return [picked !== null && offered ? picked : (cards[0]?.id ?? 'new'), setPicked];
}

/**
 * A customer's saved cards (masked: brand, last 4, expiry), each removable when `canRemove`.
 * `path` is the collection: the customer's own, or one customer's in the back office.
 */
export function SavedCardList({
  path,
  canRemove,
  empty,
}: {
  path: string;
  canRemove: boolean;
  /** What to say when there are none. */
  empty: string;
}) {
  const queryClient = useQueryClient();
  const [removing, setRemoving] = useState<PaymentMethod | null>(null);
  const [status, setStatus] = useState('');
  const cards = useQuery({
    queryKey: savedCardsKey(path),
    queryFn: () => api<{ data: PaymentMethod[] }>('GET', path),
  });
  const remove = useMutation({
    mutationFn: (card: PaymentMethod) => api<void>('DELETE', `${path}/${encodeURIComponent(card.id)}`),
    onSuccess: (_, card) => {
      setRemoving(null);
      setStatus(`${maskedCard(card.brand, card.last4)} was removed.`);
      void queryClient.invalidateQueries({ queryKey: savedCardsKey(path) });
    },
  });

  return (
    <div className="stack-tight">
      <StatusMessage>{status}</StatusMessage>
      {cards.isPending ? <Loading what="saved cards" /> : null}
      {cards.isError ? <ErrorMessage error={cards.error} /> : null}
      {cards.data && cards.data.data.length === 0 ? <p className="empty">{empty}</p> : null}
      {cards.data && cards.data.data.length > 0 ? (
        <ul className="card-list" aria-label="Saved cards">
          {cards.data.data.map((card) => (
            <li key={card.id} className="saved-card">
              <span className="saved-card-name">{maskedCard(card.brand, card.last4)}</span>
              <span className="muted">Expires {formatExpiry(card.expiry)}</span>
              {card.expired ? <span className="badge badge-bad">Expired</span> : null}
              {canRemove ? (
                <button
                  type="button"
                  className="button button-secondary button-small"
                  aria-label={`Remove ${maskedCard(card.brand, card.last4)}`}
                  onClick={() => {
                    remove.reset();
                    setStatus('');
                    setRemoving(card);
                  }}
                >
                  Remove
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <Dialog open={removing !== null} onClose={() => setRemoving(null)} title="Remove this card?">
        {removing ? (
          <>
            <p>
              {maskedCard(removing.brand, removing.last4)} will no longer be offered at checkout. Memberships
              paid with it will need another card.
            </p>
            {remove.isError ? <ErrorMessage error={remove.error} /> : null}
            <div className="form-actions">
              <button
                type="button"
                className="button button-danger"
                disabled={remove.isPending}
                onClick={() => remove.mutate(removing)}
              >
                {remove.isPending ? 'Removing…' : 'Remove card'}
              </button>
              <button type="button" className="button button-secondary" onClick={() => setRemoving(null)}>
                Keep it
              </button>
            </div>
          </>
        ) : null}
      </Dialog>
    </div>
  );
}
