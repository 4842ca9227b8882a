import { type FormEvent, useState } from 'react';
import type { Customer } from '../api-client.js';
import { SubmitOrCancel, TextField } from '../components/fields.js';
import { formatMoney, fractionDigits, parseMajor } from '../components/money.js';
import { type GiftCardSale, nextKey } from './cart-model.js';

/** A gift card to sell: physical (scan or type its serial) or virtual (emailed to its owner). */
export function GiftCardSaleForm({
  currency,
  customer,
  limits,
  onDone,
  onCancel,
}: {
  currency: string;
  customer: Customer | null;
  limits: { minAmount: number; maxAmount: number };
  onDone: (card: GiftCardSale) => void;
  onCancel: () => void;
}) {
  const digits = fractionDigits(currency);
  const money = (minor: number) => formatMoney(minor, currency);
  const [kind, setKind] = useState<'physical' | 'virtual'>('physical');
  const [amount, setAmount] = useState('');
  const [serial, setSerial] = useState('');
  const [ownerEmail, setOwnerEmail] = useState(customer?.email ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const minor = parseMajor(amount, digits);
    const next: Record<string, string> = {};
    if (minor === null || minor < limits.minAmount || minor > limits.maxAmount)
      next.amount = `Enter an amount from ${money(limits.minAmount)} to ${money(limits.maxAmount)}`;
    const compact = serial.replace(/[\s-]/g, '');
    if (kind === 'physical' && !/^[A-Za-z0-9]{8,20}$/.test(compact))
      next.serial = 'Scan or type the serial printed on the card: 8 to 20 letters or digits';
    if (kind === 'virtual' && !/^[^\s@]+@[^\s@]+$/.test(ownerEmail.trim()))
      next.ownerEmail = 'Enter the email the card is sent to';
    setErrors(next);
    if (Object.keys(next).length > 0 || minor === null) return;
    onDone({
      key: nextKey('g'),
      amount: minor,
      ...(kind === 'physical' ? { serial: serial.trim() } : { ownerEmail: ownerEmail.trim() }),
    });
  };
  return (
    <form onSubmit={onSubmit} className="stack-tight" noValidate>
      <fieldset className="field">
        <legend>Kind of card</legend>
        <label>
          <input
            type="radio"
            name="gift-kind"
            checked={kind === 'physical'}
            onChange={() => setKind('physical')}
          />{' '}
          Physical card (scan it)
        </label>
        <label>
          <input
            type="radio"
            name="gift-kind"
            checked={kind === 'virtual'}
            onChange={() => setKind('virtual')}
          />{' '}
          Virtual card (emailed)
        </label>
      </fieldset>
      <TextField
        id="gift-sale-amount"
        label="Amount"
        value={amount}
        onChange={setAmount}
        error={errors.amount}
        hint={`${money(limits.minAmount)} to ${money(limits.maxAmount)}.`}
        input={{ inputMode: 'decimal', className: 'input-short' }}
      />
      {kind === 'physical' ? (
        <TextField
          id="gift-sale-serial"
          label="Card serial"
          value={serial}
          onChange={setSerial}
          error={errors.serial}
          input={{ autoComplete: 'off', maxLength: 40 }}
        />
      ) : (
        <TextField
          id="gift-sale-email"
          label="Send it to"
          value={ownerEmail}
          onChange={setOwnerEmail}
          error={errors.ownerEmail}
          input={{ type: 'email', autoComplete: 'off', maxLength: 254 }}
        />
      )}
      <SubmitOrCancel label="Add to sale" pendingLabel="Adding…" pending={false} onCancel={onCancel} />
    </form>
  );
}
