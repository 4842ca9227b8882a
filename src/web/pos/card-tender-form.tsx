import { type FormEvent, useRef, useState } from 'react';
import type { Customer, PaymentMethod } from '../api-client.js';
import { CardForm, type CardFormHandle } from '../components/card-form.js';
import { parseMajor, toMajor } from '../components/money.js';
import { maskedCard } from '../components/saved-cards.js';
import { nextKey, type Tender } from './cart-model.js';

/** A card payment: a saved card of the customer's, or a card read now; charged when the sale completes. */
export function CardTenderForm({
  due,
  digits,
  money,
  customer,
  keepsCard,
  savedCards,
  onAdd,
}: {
  due: number;
  digits: number;
  money: (minor: number) => string;
  customer: Customer | null;
  /** A membership renews on the card it is paid with: offer to keep it, ticked. */
  keepsCard: boolean;
  savedCards: PaymentMethod[];
  onAdd: (tender: Tender) => void;
}) {
  const [amountText, setAmountText] = useState('');
  const [reading, setReading] = useState(false);
  const [saveCard, setSaveCard] = useState(keepsCard);
  const card = useRef<CardFormHandle>(null);
  const cardDue = () => {
    const asked = amountText.trim() ? parseMajor(amountText, digits) : due;
    return asked !== null && asked > 0 && asked <= due ? asked : null;
  };
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const amount = cardDue();
    if (amount === null) return;
    setReading(true);
    try {
      const details = await card.current?.collect();
      if (!details) return;
      const last4 = details.cardToken.slice(-4);
      const saved = customer !== null && saveCard;
      onAdd({
        key: nextKey('t'),
        method: 'card',
        amount,
        ...details,
        saveCard: saved,
        label: `Card •••• ${last4}${saved ? ' (saved)' : ''}`,
      });
      setAmountText('');
    } finally {
      setReading(false);
    }
  };
  const usable = savedCards.filter((c) => !c.expired);
  return (
    <form onSubmit={onSubmit} className="stack-tight" noValidate aria-label="Card">
      <h3>Card</h3>
      {usable.length > 0 ? (
        <div className="quick-cash">
          {usable.map((c) => (
            <button
              key={c.id}
              type="button"
              className="button button-secondary"
              onClick={() =>
                onAdd({
                  key: nextKey('t'),
                  method: 'card',
                  amount: cardDue() ?? due,
                  paymentMethodId: c.id,
                  label: maskedCard(c.brand, c.last4),
                })
              }
            >
              Saved {maskedCard(c.brand, c.last4)}
            </button>
          ))}
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="card-amount">Amount on the card</label>
        <input
          id="card-amount"
          value={amountText}
          placeholder={toMajor(due, digits)}
          onChange={(e) => setAmountText(e.target.value)}
          inputMode="decimal"
          className="input-short"
        />
      </div>
      <CardForm ref={card} idPrefix="register-card" />
      {customer ? (
        <label className="check">
          <input type="checkbox" checked={saveCard} onChange={(e) => setSaveCard(e.target.checked)} /> Save
          the card for {customer.name}
          {keepsCard ? ' (the membership renews on it)' : ''}
        </label>
      ) : null}
      <div>
        <button type="submit" className="button button-secondary" disabled={reading || cardDue() === null}>
          {reading ? 'Reading the card…' : `Add card payment of ${money(cardDue() ?? due)}`}
        </button>
      </div>
    </form>
  );
}
