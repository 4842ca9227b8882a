import { useQuery } from '@tanstack/react-query';
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { api, type Item, type Page, withQuery } from '../api-client.js';
import { describedBy, FieldError } from '../components/fields.js';
import { formatMoney } from '../components/money.js';
import { ErrorMessage } from '../components/status.js';
import { type IncludedLine, itemFieldId, kindLabels } from './item-model.js';
import { itemsKey } from './items-page.js';

const SHOWN = 8;

/** What a package includes: find products and services, add them with a quantity, change or remove them. */
export function PackageContents({
  lines,
  onChange,
  error,
  lineError,
  packageId,
}: {
  lines: IncludedLine[];
  onChange: (lines: IncludedLine[]) => void;
  error: string | undefined;
  lineError: (index: number) => string | undefined;
  packageId: string | null;
}) {
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [quantity, setQuantity] = useState('1');
  const [announcement, setAnnouncement] = useState('');
  const searchRef = useRef<HTMLInputElement>(null);
  const searchId = itemFieldId('includes');

  // Ask once typing pauses, not for every key.
  useEffect(() => {
    const timer = window.setTimeout(() => setQ(text.trim()), 250);
    return () => window.clearTimeout(timer);
  }, [text]);

  const found = useQuery({
    queryKey: [...itemsKey, 'picker', q],
    queryFn: () => api<Page<Item>>('GET', withQuery('/api/admin/items', { q, active: 'true', limit: 50 })),
    enabled: q !== '',
  });
  const matches = (found.data?.data ?? [])
    .filter((i) => (i.kind === 'product' || i.kind === 'service') && i.id !== packageId)
    .slice(0, SHOWN);

  useEffect(() => {
    if (q === '' || !found.isSuccess) return;
    setAnnouncement(
      matches.length === 0
        ? 'No products or services match.'
        : `${matches.length} matching ${matches.length === 1 ? 'item' : 'items'}.`,
    );
  }, [q, found.isSuccess, matches.length]);

  const add = (item: Item) => {
    const n = /^\d+$/.test(quantity.trim()) && Number(quantity) > 0 ? Number(quantity) : 1;
    const at = lines.findIndex((l) => l.itemId === item.id);
    if (at >= 0) {
      const next = [...lines];
      const line = next[at]!;
      next[at] = { ...line, quantity: String((Number(line.quantity) || 0) + n) };
      onChange(next);
    } else {
      onChange([...lines, { itemId: item.id, name: item.name, sku: item.sku, quantity: String(n) }]);
    }
    setAnnouncement(`Added ${n} × ${item.name}.`);
  };

  const remove = (index: number) => {
    const line = lines[index];
    onChange(lines.filter((_, i) => i !== index));
    setAnnouncement(line ? `Removed ${line.name}.` : '');
    searchRef.current?.focus();
  };

  // The search sits inside the item's form: Enter must not save the item.
  const onSearchKey = (event: KeyboardEvent) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      setQ(text.trim());
    }
  };

  return (
    <div className="stack-tight">
      {lines.length === 0 ? (
        <p className="empty empty-small">Nothing in this package yet: find products and services below.</p>
      ) : (
        <table className="table contents-table">
          <caption className="visually-hidden">What the package includes</caption>
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Quantity</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line, i) => {
              const id = itemFieldId(`includes.${i}.quantity`);
              const problem = lineError(i);
              return (
                <tr key={line.itemId}>
                  <td>
                    {line.name} <span className="row-meta">{line.sku}</span>
                  </td>
                  <td className={problem ? 'field-invalid' : undefined}>
                    <input
                      id={id}
                      className="input-quantity"
                      inputMode="numeric"
                      aria-label={`Quantity of ${line.name}`}
                      value={line.quantity}
                      onChange={(e) =>
                        onChange(lines.map((l, j) => (j === i ? { ...l, quantity: e.target.value } : l)))
                      }
                      aria-invalid={problem ? true : undefined}
                      aria-describedby={problem ? `${id}-error` : undefined}
                    />
                    <FieldError id={id} message={problem} />
                  </td>
                  <td className="actions">
                    <button
                      type="button"
                      className="button button-quiet"
                      onClick={() => remove(i)}
                      aria-label={`Remove ${line.name}`}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <div className="picker stack-tight">
        <div className="inline-form">
          <div className={error ? 'field grow field-invalid' : 'field grow'}>
            <label htmlFor={searchId}>Find a product or service to include</label>
            <p className="hint" id={`${searchId}-hint`}>
              By name, SKU or barcode; packages and memberships cannot be included.
            </p>
            <input
              ref={searchRef}
              id={searchId}
              type="search"
              autoComplete="off"
              value={text}
              onChange={(e) => setText(e.target.value)}
              onKeyDown={onSearchKey}
              aria-invalid={error ? true : undefined}
              aria-describedby={describedBy(`${searchId}-hint`, error && `${searchId}-error`)}
            />
          </div>
          <div className="field">
            <label htmlFor="item-include-quantity">Quantity to add</label>
            <input
              id="item-include-quantity"
              className="input-quantity"
              inputMode="numeric"
              value={quantity}
              onChange={(e) => setQuantity(e.target.value)}
            />
          </div>
        </div>
        <FieldError id={searchId} message={error} />
        {found.isError ? <ErrorMessage error={found.error} /> : null}
        {q !== '' && found.isSuccess && matches.length === 0 ? (
          <p className="muted">No products or services match “{q}”.</p>
        ) : null}
        {q !== '' && matches.length > 0 ? (
          <ul className="row-list picker-results" aria-label="Matching products and services">
            {matches.map((item) => (
              <li key={item.id} className="row-item picker-row">
                <span>
                  <span className="row-title">{item.name}</span>
                  <span className="row-meta">
                    {' '}
                    {item.sku} · {kindLabels[item.kind]} · {formatMoney(item.price, item.currency)}
                  </span>
                </span>
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => add(item)}
                  aria-label={`Add ${item.name}`}
                >
                  Add
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        <p className="visually-hidden" role="status" aria-live="polite">
          {announcement}
        </p>
      </div>
    </div>
  );
}
