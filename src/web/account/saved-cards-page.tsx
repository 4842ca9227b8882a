import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { api, type PaymentMethod } from '../api-client.js';
import { type CardDetails, CardForm, type CardFormHandle } from '../components/card-form.js';
import { useRetryKey } from '../components/retry-key.js';
import { maskedCard, SavedCardList, savedCardsKey } from '../components/saved-cards.js';
import { ErrorMessage, StatusMessage } from '../components/status.js';
import { AccountFrame, isSignedOut, useSignInAgain } from './account-frame.js';

const cardsPath = '/api/store/account/payment-methods';

export function SavedCardsPage() {
  return (
    <AccountFrame title="Saved cards" titleId="cards-title" portalPage="Saved cards">
      <section className="card stack-tight" aria-labelledby="cards-list-title">
        <h2 id="cards-list-title">Your cards</h2>
        <p className="muted">
          Only the card’s type, last four digits and expiry date are kept here; the card itself is held by our
          payment processor.
        </p>
        <SavedCardList
          path={cardsPath}
          canRemove
          empty="No saved cards yet. Add one below, or tick “Save this card” when you pay."
        />
      </section>
      <AddCard />
    </AccountFrame>
  );
}

function AddCard() {
  const queryClient = useQueryClient();
  const signInAgain = useSignInAgain();
  const card = useRef<CardFormHandle>(null);
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState('');
  const [checking, setChecking] = useState(false);
  const retryKey = useRetryKey();
  const save = useMutation({
    mutationFn: (details: CardDetails) =>
      api<PaymentMethod>('POST', cardsPath, details, { idempotencyKey: retryKey.for(details) }),
    onSuccess: (saved) => {
      retryKey.answered();
      setOpen(false);
      setStatus(`${maskedCard(saved.brand, saved.last4)} is saved.`);
      void queryClient.invalidateQueries({ queryKey: savedCardsKey(cardsPath) });
    },
    onError: (err) => {
      retryKey.answered(err);
      if (isSignedOut(err)) signInAgain();
    },
  });

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    save.reset();
    setChecking(true);
    try {
      const details = await card.current?.collect();
      if (details) save.mutate(details);
    } finally {
      setChecking(false);
    }
  };

  const busy = checking || save.isPending;
  return (
    <section className="card stack-tight" aria-labelledby="add-card-title">
      <h2 id="add-card-title">Add a card</h2>
      <StatusMessage>{status}</StatusMessage>
      {open ? (
        <form onSubmit={onSubmit} className="stack-tight" noValidate aria-labelledby="add-card-title">
          <p className="muted">Your bank checks the card; nothing is charged.</p>
          <CardForm ref={card} idPrefix="new-card" legend="Card details" />
          {save.isError && !isSignedOut(save.error) ? <ErrorMessage error={save.error} /> : null}
          <div className="form-actions">
            <button type="submit" className="button" disabled={busy}>
              {busy ? 'Checking the card…' : 'Save card'}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setStatus('');
              save.reset();
              setOpen(true);
            }}
          >
            Add a card
          </button>
        </div>
      )}
    </section>
  );
}
