import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { CustomerPerks } from '../../contracts/customer-perks.js';
import { api, type Customer, type Page, withQuery } from '../api-client.js';
import { ErrorMessage } from '../components/status.js';

/** The sale's customer: found by name, email or phone, or added on the spot. */
export function CustomerPicker({
  customer,
  onChange,
}: {
  customer: Customer | null;
  onChange: (c: Customer | null) => void;
}) {
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [adding, setAdding] = useState(false);
  const found = useQuery({
    queryKey: ['register-customers', text.trim()],
    queryFn: () =>
      api<Page<Customer>>('GET', withQuery('/api/admin/customers', { q: text.trim(), limit: 6 })),
    enabled: text.trim().length >= 2,
  });
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const create = useMutation({
    mutationFn: () =>
      api<Customer>('POST', '/api/admin/customers', {
        name: name.trim(),
        ...(email.trim() ? { email: email.trim() } : {}),
        source: 'register',
      }),
    onSuccess: (c) => {
      onChange(c);
      setAdding(false);
      setName('');
      setEmail('');
      void queryClient.invalidateQueries({ queryKey: ['customers'] });
    },
  });

  if (customer) {
    return (
      <p className="attached-customer">
        <span>
          Customer: <strong>{customer.name}</strong>
          {customer.email ? <span className="muted"> · {customer.email}</span> : null}
        </span>
        <button type="button" className="button button-quiet button-small" onClick={() => onChange(null)}>
          Remove customer
        </button>
      </p>
    );
  }
  return (
    <div className="stack-tight">
      <div className="field">
        <label htmlFor="register-customer">Customer (optional)</label>
        <input
          id="register-customer"
          type="search"
          value={text}
          placeholder="Name, email or phone"
          autoComplete="off"
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      {found.data && found.data.data.length > 0 ? (
        <ul className="pick-list" aria-label="Matching customers">
          {found.data.data.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className="button button-quiet"
                onClick={() => {
                  onChange(c);
                  setText('');
                }}
              >
                {c.name}
                {c.email ? <span className="muted"> · {c.email}</span> : null}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {adding ? (
        <form
          className="stack-tight"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate();
          }}
        >
          <div className="field">
            <label htmlFor="new-customer-name">Name</label>
            <input id="new-customer-name" value={name} onChange={(e) => setName(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="new-customer-email">Email (for the receipt)</label>
            <input
              id="new-customer-email"
              type="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </div>
          {create.isError ? <ErrorMessage error={create.error} /> : null}
          <div className="form-actions">
            <button type="submit" className="button button-secondary" disabled={create.isPending}>
              Add customer
            </button>
            <button type="button" className="button button-quiet" onClick={() => setAdding(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="button button-quiet button-small" onClick={() => setAdding(true)}>
          New customer
        </button>
      )}
    </div>
  );
}

const shortDay = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** What the sale's customer gets: their discounts on services and products, the package credits left. */
export function PerksNotice({ perks }: { perks: CustomerPerks }) {
  if (!perks.discount && perks.credits.length === 0) return null;
  return (
    <div className="notice" data-testid="customer-perks">
      {perks.discount ? (
        <p data-testid="member-discount">
          {perks.discount.from}: {perks.discount.percent}% off services
        </p>
      ) : null}
      {perks.productDiscount ? (
        <p data-testid="product-discount">
          {perks.productDiscount.from}: {perks.productDiscount.percent}% off products
        </p>
      ) : null}
      {perks.credits.length > 0 ? (
        <ul className="plain-list">
          {perks.credits.map((c) => (
            <li key={`${c.packageId} ${c.itemId}`}>
              {c.package}: {c.remaining} {c.service} credit{c.remaining === 1 ? '' : 's'} left, until{' '}
              {shortDay.format(new Date(c.expiresAt))}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
