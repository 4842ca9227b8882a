import { type FormEvent, useState } from 'react';
import type { StaffGiftCardLookup } from '../../contracts/giftcards.js';
import { api, errorDetail } from '../api-client.js';
import { parseMajor, toMajor } from '../components/money.js';
import { giftCardTake, nextKey, type Tender } from './cart-model.js';

const last4Of = (code: string) => code.replace(/[\s-]/g, '').slice(-4).toUpperCase();

/**
 * A gift card as a payment: its code (typed or scanned) and how much to take off it. The card is
 * looked up as it is added, so an unknown code, a card not in use or one with too little on it is
 * told here and then, not when the sale is completed: the payment takes at most what is on the
 * card, and the rest stays to pay.
 */
export function GiftCardTenderForm({
  due,
  digits,
  currency,
  money,
  tenders,
  onAdd,
}: {
  due: number;
  digits: number;
  currency: string;
  money: (minor: number) => string;
  tenders: readonly Tender[];
  onAdd: (tender: Tender) => void;
}) {
  const [code, setCode] = useState('');
  const [amountText, setAmountText] = useState('');
  const [error, setError] = useState('');
  const [looking, setLooking] = useState(false);
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const asked = amountText.trim() ? parseMajor(amountText, digits) : due;
    if (!code.trim()) {
      setError('Type or scan the gift card’s code');
      return;
    }
    if (asked === null || asked <= 0 || asked > due) {
      setError(`Enter an amount up to ${money(due)}`);
      return;
    }
    setLooking(true);
    try {
      const card = await api<StaffGiftCardLookup>('POST', '/api/pos/gift-cards/lookup', {
        code: code.trim(),
      });
      const take = giftCardTake(card, { asked, due, currency, tenders }, money);
      if ('error' in take) {
        setError(take.error);
        return;
      }
      setError('');
      onAdd({
        key: nextKey('t'),
        method: 'gift_card',
        amount: take.amount,
        code: code.trim(),
        giftCard: { id: card.id, balance: card.balance },
        label: `Gift card •••• ${last4Of(code)}`,
      });
      setCode('');
      setAmountText('');
    } catch (err) {
      // The server's words: "No gift card has this code.", or how long to wait after too many.
      setError(errorDetail(err));
    } finally {
      setLooking(false);
    }
  };
  return (
    <form onSubmit={onSubmit} className="stack-tight" noValidate aria-label="Gift card">
      <h3>Gift card</h3>
      <div className="inline-form">
        <div className="field grow">
          <label htmlFor="gift-card-code">Gift card code</label>
          <input
            id="gift-card-code"
            value={code}
            onChange={(e) => {
              setCode(e.target.value);
              setError('');
            }}
            autoComplete="off"
            maxLength={64}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'gift-card-error' : undefined}
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
        <button type="submit" className="button button-secondary" disabled={looking}>
          {looking ? 'Checking the card…' : 'Add gift card'}
        </button>
      </div>
      {error ? (
        <p id="gift-card-error" className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <p className="hint">
        The card’s balance is checked now: it pays what is on it, and the rest stays to pay.
      </p>
    </form>
  );
}
