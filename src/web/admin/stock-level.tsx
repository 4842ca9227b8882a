import type { Item } from '../api-client.js';

export const isLowStock = (item: Pick<Item, 'stock' | 'lowStockThreshold'>) =>
  item.stock !== null && item.lowStockThreshold !== null && item.stock <= item.lowStockThreshold;

/** On hand, marked when it is at or below the item's threshold: in words as well as colour. */
export function StockLevel({ item }: { item: Pick<Item, 'stock' | 'lowStockThreshold'> }) {
  if (item.stock === null) {
    return (
      <span className="muted" title="Stock is not tracked">
        —<span className="visually-hidden">not tracked</span>
      </span>
    );
  }
  if (!isLowStock(item)) return <span className="stock">{item.stock}</span>;
  return (
    <span className="stock stock-low">
      {item.stock} <span className="badge badge-low">Low</span>
    </span>
  );
}
