import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type Item, type Page, withQuery } from '../../api-client.js';
import { describedBy, FieldError } from '../../components/fields.js';

/** Tandem's items to choose from, by name; `q` narrows them by name or SKU. */
export function useItemChoices(q: string) {
  return useQuery({
    queryKey: ['items', 'choices', q],
    queryFn: () =>
      api<Page<Item>>('GET', withQuery('/api/admin/items', { limit: 200, active: 'true', q: q.trim() })),
    staleTime: 60_000,
  });
}

/** The item a connection sells an unknown cart line as: a search, then a choice among what it found. */
export function DefaultItemPicker({
  id,
  value,
  onChange,
  error,
}: {
  id: string;
  value: string;
  onChange: (itemId: string) => void;
  error: string | undefined;
}) {
  const [q, setQ] = useState('');
  const choices = useItemChoices(q);
  const current = useQuery({
    queryKey: ['items', 'one', value],
    queryFn: () => api<Item>('GET', `/api/admin/items/${encodeURIComponent(value)}`),
    enabled: value !== '',
  });
  const found = choices.data?.data ?? [];
  const shownCurrent = value !== '' && !found.some((i) => i.id === value);
  return (
    <fieldset className={error ? 'field field-invalid item-picker' : 'field item-picker'}>
      <legend>Default item</legend>
      <p className="hint" id={`${id}-hint`}>
        A cart order line whose item Tandem does not know is sold as this item. With none, such an order is
        not imported and the sync log says why.
      </p>
      <div className="inline-form">
        <div className="field">
          <label htmlFor={`${id}-q`}>Find</label>
          <input
            id={`${id}-q`}
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder="Name or SKU"
            maxLength={100}
          />
        </div>
        <div className="field grow">
          <label htmlFor={id}>Item</label>
          <select
            id={id}
            value={value}
            onChange={(e) => onChange(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy(`${id}-hint`, error && `${id}-error`)}
          >
            <option value="">None</option>
            {shownCurrent ? (
              <option value={value}>
                {current.data ? `${current.data.name} · ${current.data.sku}` : 'The item chosen before'}
              </option>
            ) : null}
            {found.map((item) => (
              <option key={item.id} value={item.id}>
                {item.name} · {item.sku}
              </option>
            ))}
          </select>
        </div>
      </div>
      <FieldError id={id} message={error} />
    </fieldset>
  );
}
