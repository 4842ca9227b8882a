import type { Item } from '../api-client.js';
import './item-tile.css';

/** One item of the register's grid: a big button that puts one in the cart. */
export function ItemTile({
  item,
  money,
  onPick,
}: {
  item: Item;
  money: (minor: number) => string;
  onPick: (item: Item) => void;
}) {
  return (
    <button type="button" className="item-tile" onClick={() => onPick(item)}>
      {item.pictureUrl ? (
        // Decorative: the name on the tile says what it is.
        <img src={item.pictureUrl} alt="" className="item-tile-picture" loading="lazy" decoding="async" />
      ) : null}
      <span className="item-tile-name">{item.name}</span>
      <span className="item-tile-price">{money(item.price)}</span>
      {item.trackStock ? (
        <span className={(item.stock ?? 0) > 0 ? 'muted' : 'badge badge-low'}>
          {item.stock ?? 0} in stock
        </span>
      ) : null}
    </button>
  );
}
