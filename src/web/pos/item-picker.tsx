import { useQuery } from '@tanstack/react-query';
import { type FormEvent, type RefObject, useEffect, useState } from 'react';
import { api, errorDetail, type Item, type Page, withQuery } from '../api-client.js';
import { ErrorMessage, Loading, StatusMessage } from '../components/status.js';
import { ItemTile } from './item-tile.js';

/** True when `term` is exactly this item's SKU or barcode: what a scanner types. */
const isExactly = (item: Item, term: string) =>
  item.sku.toLowerCase() === term.toLowerCase() || item.barcode === term;

/**
 * The scan box and the grid of items. A scan (an exact SKU or barcode, then Enter) puts the item
 * straight in the cart; anything else searches the grid.
 */
export function ItemPicker({
  scanBox,
  text,
  onText,
  money,
  onPick,
  onReady,
}: {
  scanBox: RefObject<HTMLInputElement | null>;
  text: string;
  onText: (text: string) => void;
  money: (m: number) => string;
  onPick: (item: Item) => void;
  /** Told once the scan box is on screen. */
  onReady: () => void;
}) {
  const [q, setQ] = useState('');
  const [status, setStatus] = useState('');
  const items = useQuery({
    queryKey: ['register-items', q],
    queryFn: () => api<Page<Item>>('GET', withQuery('/api/admin/items', { q, active: 'true', limit: 48 })),
  });
  const sellable = items.data?.data ?? [];
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, when the register opens
  useEffect(() => onReady(), []);

  const pick = (item: Item) => {
    onPick(item);
    setStatus(`${item.name} added`);
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const term = text.trim();
    if (!term) return;
    // The box is emptied at once, so that the next scan does not run into this one.
    onText('');
    try {
      const found = await api<Page<Item>>(
        'GET',
        withQuery('/api/admin/items', { q: term, active: 'true', limit: 10 }),
      );
      const exact = found.data.find((i) => isExactly(i, term));
      if (exact) {
        pick(exact);
        setQ('');
      } else {
        onText(term);
        setQ(term);
      }
    } catch (err) {
      onText(term);
      setStatus(errorDetail(err));
    }
  };

  return (
    <>
      <search>
        <form onSubmit={onSubmit} className="inline-form">
          <div className="field grow">
            <label htmlFor="register-search">Search, or scan a barcode</label>
            <input
              ref={scanBox}
              id="register-search"
              type="search"
              value={text}
              autoComplete="off"
              enterKeyHint="search"
              onChange={(e) => {
                onText(e.target.value);
                if (e.target.value.trim() === '') setQ('');
              }}
            />
          </div>
          <button type="submit" className="button button-secondary">
            Find
          </button>
        </form>
      </search>
      <StatusMessage tone="info">{status}</StatusMessage>
      {items.isPending ? <Loading what="items" /> : null}
      {items.isError ? <ErrorMessage error={items.error} /> : null}
      {items.isSuccess && sellable.length === 0 ? <p className="empty">Nothing matches “{q}”.</p> : null}
      <ul className="item-grid" aria-label="Items">
        {sellable.map((item) => (
          <li key={item.id}>
            <ItemTile item={item} money={money} onPick={pick} />
          </li>
        ))}
      </ul>
    </>
  );
}
