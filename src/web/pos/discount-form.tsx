import { type FormEvent, useState } from 'react';
import { TextField } from '../components/fields.js';
import { parseMajor, toMajor } from '../components/money.js';
import type { CartLine } from './cart-model.js';

/** A discount off one line, as a percentage or an amount. */
export function DiscountForm({
  line,
  digits,
  money,
  onDone,
  onCancel,
}: {
  line: CartLine;
  digits: number;
  money: (m: number) => string;
  onDone: (discount: number) => void;
  onCancel: () => void;
}) {
  const lineTotal = line.item.price * line.quantity;
  const [mode, setMode] = useState<'percent' | 'amount'>('percent');
  const [text, setText] = useState(line.discount > 0 ? toMajor(line.discount, digits) : '');
  const [error, setError] = useState('');
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    let discount: number | null;
    if (mode === 'percent') {
      const percent = Number(text.trim());
      discount =
        text.trim() !== '' && percent >= 0 && percent <= 100 ? Math.round((lineTotal * percent) / 100) : null;
    } else {
      discount = parseMajor(text, digits);
    }
    if (discount === null || discount > lineTotal) {
      setError(
        mode === 'percent' ? 'Enter a percentage from 0 to 100' : `Enter an amount up to ${money(lineTotal)}`,
      );
      return;
    }
    onDone(discount);
  };
  return (
    <form onSubmit={onSubmit} className="stack-tight" noValidate>
      <p>
        {line.quantity} × {line.item.name}: {money(lineTotal)}
      </p>
      <fieldset className="choices">
        <legend>Discount as</legend>
        <label className="check">
          <input type="radio" name="mode" checked={mode === 'percent'} onChange={() => setMode('percent')} />{' '}
          A percentage
        </label>
        <label className="check">
          <input type="radio" name="mode" checked={mode === 'amount'} onChange={() => setMode('amount')} /> An
          amount
        </label>
      </fieldset>
      <TextField
        id="discount-value"
        label={mode === 'percent' ? 'Percent off' : 'Amount off'}
        value={text}
        onChange={setText}
        error={error || undefined}
        input={{ inputMode: 'decimal', className: 'input-short' }}
      />
      <div className="form-actions">
        <button type="submit" className="button">
          Apply
        </button>
        <button type="button" className="button button-secondary" onClick={() => onDone(0)}>
          No discount
        </button>
        <button type="button" className="button button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
