import { type FormEvent, useState } from 'react';
import { TextField } from '../components/fields.js';
import { parseMajor, toMajor } from '../components/money.js';
import { cashSuggestions, nextKey, type Tender } from './cart-model.js';

/** Cash handed over: a quick amount, or what was counted. */
export function CashTenderForm({
  due,
  digits,
  money,
  onAdd,
}: {
  due: number;
  digits: number;
  money: (minor: number) => string;
  onAdd: (tender: Tender) => void;
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const addCash = (amount: number) => {
    setError('');
    onAdd({ key: nextKey('t'), method: 'cash', amount, label: 'Cash' });
    setText('');
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const amount = parseMajor(text, digits);
    if (amount === null || amount <= 0) {
      setError(`Enter the cash handed over, such as ${toMajor(due, digits)}`);
      return;
    }
    addCash(amount);
  };
  return (
    <form onSubmit={onSubmit} className="stack-tight" noValidate aria-label="Cash">
      <h3>Cash</h3>
      <div className="quick-cash">
        {cashSuggestions(due, digits).map((amount) => (
          <button
            key={amount}
            type="button"
            className="button button-secondary"
            onClick={() => addCash(amount)}
          >
            {money(amount)}
          </button>
        ))}
      </div>
      <div className="inline-form">
        <TextField
          id="cash-given"
          label="Cash handed over"
          value={text}
          onChange={setText}
          error={error || undefined}
          input={{ inputMode: 'decimal', className: 'input-short' }}
        />
        <button type="submit" className="button button-secondary">
          Take cash
        </button>
      </div>
    </form>
  );
}
