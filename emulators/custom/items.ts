import { BodyReader, MAX_AMOUNT, MIN_STOCK } from './fields.js';
import { resourceHandler } from './resource.js';
import { invalid, type Reply, type Request } from './router.js';
import { type Item, newItem } from './seed.js';

type ItemFields = Omit<Item, 'id' | 'updatedAt' | 'active'> & { active: boolean | undefined };

/** The writable fields: all of them on every write but `active`, which keeps its value when left out. */
function readItem(request: Request): ItemFields | Reply {
  const body = new BodyReader(request.body);
  const sku = body.text('sku', 64, { min: 1, nullable: true });
  const name = body.text('name', 200, { min: 1 });
  const price = body.whole('price', 0, MAX_AMOUNT);
  const currency = body.currency('currency', request.store.currency);
  const stock = body.whole('stock', MIN_STOCK, MAX_AMOUNT, { nullable: true });
  const active = body.has('active') ? body.boolean('active') : undefined;
  if (body.errors.length > 0) return invalid('The item is not valid.', body.errors);
  return {
    sku: sku ?? null,
    name: name as string,
    price: price as number,
    currency: currency as string,
    stock: stock ?? null,
    active,
  };
}

/** /items and /items/{id}. */
export const items = resourceHandler<Item, ItemFields>({
  entity: 'items',
  noun: 'item',
  records: (store) => store.items,
  searched: (item) => [item.name, item.sku],
  writes: {
    read: readItem,
    unique: { label: 'the SKU', value: (item) => item.sku },
    created: (request, fields, updatedAt) =>
      newItem(request.store, { ...fields, active: fields.active ?? true, updatedAt }, request.now),
    updated: (item, fields) => ({ ...fields, active: fields.active ?? item.active }),
    change: 'item.updated',
  },
});
