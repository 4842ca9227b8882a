import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { type ShopKind, shopKinds } from '../../contracts/catalog.js';
import { api, type ShopCatalog, type ShopItem, withQuery } from '../api-client.js';
import { ItemPicture } from '../components/item-picture.js';
import { LoadMore } from '../components/load-more.js';
import { formatMoney } from '../components/money.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading, StatusMessage } from '../components/status.js';
import { useShopCart } from './shop-cart.js';
import './shop-catalog.css';

export const catalogKey = ['shop', 'catalog'] as const;
/** A page of the catalogue: four rows of a wide screen. */
const PAGE = 24;

const kindChoices: { value: ShopKind | ''; label: string }[] = [
  { value: '', label: 'Everything' },
  { value: 'product', label: 'Products' },
  { value: 'package', label: 'Packages' },
  { value: 'membership', label: 'Memberships' },
];
const isShopKind = (value: string): value is ShopKind => (shopKinds as readonly string[]).includes(value);

export function ShopCatalogPage() {
  usePageTitle('Shop');
  // The search and the kind shown live in the address: a filtered shop can be shared, and Back works.
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const rawKind = params.get('kind') ?? '';
  const kindInUrl = isShopKind(rawKind) ? rawKind : '';
  // The choice shows at once; the address follows (a navigation React may hold back a moment).
  const [kind, setKind] = useState<ShopKind | ''>(kindInUrl);
  useEffect(() => setKind(kindInUrl), [kindInUrl]);
  const [text, setText] = useState(q);
  const [status, setStatus] = useState('');
  const show = (next: { q: string; kind: string }) =>
    setParams(Object.fromEntries(Object.entries(next).filter(([, v]) => v !== '')), { replace: true });
  const catalog = useInfiniteQuery({
    queryKey: [...catalogKey, q, kind],
    queryFn: ({ pageParam }) =>
      api<ShopCatalog>(
        'GET',
        withQuery('/api/store/catalog', { q, kind: kind || undefined, limit: PAGE, cursor: pageParam }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const first = catalog.data?.pages[0];
  const items = catalog.data?.pages.flatMap((p) => p.data) ?? [];
  const money = (minor: number) => formatMoney(minor, first?.currency ?? 'USD');
  const kindLabel = kindChoices.find((c) => c.value === kind)?.label ?? 'Everything';

  return (
    <section aria-labelledby="shop-title" className="stack shop-wide">
      <h1 id="shop-title">Shop</h1>
      <search className="shop-filters">
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            show({ q: text.trim(), kind });
          }}
        >
          <div className="field grow">
            <label htmlFor="shop-q">Search the shop</label>
            <input id="shop-q" type="search" value={text} onChange={(e) => setText(e.target.value)} />
          </div>
          <button type="submit" className="button button-secondary">
            Search
          </button>
        </form>
        <fieldset className="shop-kinds">
          <legend>Show</legend>
          {kindChoices.map((c) => (
            <label key={c.value || 'all'} className="shop-kind">
              <input
                type="radio"
                name="shop-kind"
                value={c.value}
                checked={kind === c.value}
                onChange={() => {
                  setKind(c.value);
                  show({ q, kind: c.value });
                }}
              />
              {c.label}
            </label>
          ))}
        </fieldset>
      </search>
      <StatusMessage>{status}</StatusMessage>
      {catalog.isPending ? <Loading what="the shop" /> : null}
      {catalog.isError ? <ErrorMessage error={catalog.error} /> : null}
      {catalog.isSuccess && items.length === 0 ? (
        <p className="empty">
          {q ? `Nothing matches “${q}”.` : `No ${kindLabel.toLowerCase()} for sale yet.`}
        </p>
      ) : null}
      <ul className="product-grid" aria-label={kind ? kindLabel : 'Products'}>
        {items.map((item) => (
          <li key={item.id} className="card product">
            <ItemPicture url={item.pictureUrl} name={item.name} className="shop-tile-picture" />
            <h2 className="product-name">{item.name}</h2>
            {item.description ? <p className="muted">{item.description}</p> : null}
            <p className="product-price">
              {money(item.price)}
              <span className="muted"> {first?.pricesIncludeTax ? 'incl. tax' : '+ tax'}</span>
            </p>
            <TileAction item={item} onAdded={setStatus} />
          </li>
        ))}
      </ul>
      {items.length > 0 ? (
        <p className="muted shop-count" aria-live="polite">
          Showing {items.length}
          {catalog.hasNextPage ? ' so far' : ''}
        </p>
      ) : null}
      <LoadMore query={catalog} />
    </section>
  );
}

/** A product goes in the cart; a package or membership is chosen on its own page, which says what it includes. */
function TileAction({ item, onAdded }: { item: ShopItem; onAdded: (status: string) => void }) {
  const cart = useShopCart();
  if (item.kind !== 'product') {
    return (
      <Link
        to={`/shop/plans/${encodeURIComponent(item.id)}`}
        className="button button-secondary"
        aria-label={`See ${item.name}`}
      >
        See details
      </Link>
    );
  }
  if (item.available === 0) return <p className="badge badge-low">Sold out</p>;
  return (
    <>
      <button
        type="button"
        className="button"
        aria-label={`Add ${item.name} to the cart`}
        onClick={() => {
          const added = cart.add(
            {
              itemId: item.id,
              name: item.name,
              price: item.price,
              taxRate: item.taxRate,
              pictureUrl: item.pictureUrl,
            },
            item.available,
          );
          onAdded(added ? `${item.name} is in your cart.` : `Only ${item.available} of ${item.name} left.`);
        }}
      >
        Add to cart
      </button>
      {item.available !== null && item.available > 0 && item.available <= 5 ? (
        <p className="muted">Only {item.available} left</p>
      ) : null}
    </>
  );
}
