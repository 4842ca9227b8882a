import { and, asc, eq, gt, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Item, ItemKind, ShopPlan } from '../../../contracts/catalog.js';
import { itemLineTotals } from '../../../contracts/order-totals.js';
import type { Tx } from '../../platform/db.js';
import { notFound } from '../../platform/errors.js';
import { containsPattern, decodeCursor, encodeCursor, pageFrom } from '../../platform/paging.js';
import { lowStockItemIds, stockLevelsOf } from '../inventory/index.js';
import { pictureVersionsOf, shopPictureUrl, staffPictureUrl } from './item-pictures.js';
import { itemIncludes, items } from './schema.js';

type ItemRow = typeof items.$inferSelect;

/** Turns rows into API items: stock, pictures and package contents in one query each, not one per item. */
export async function toItems(tx: Tx, rows: ItemRow[]): Promise<Item[]> {
  if (rows.length === 0) return [];
  const pictures = await pictureVersionsOf(
    tx,
    rows.map((r) => r.id),
  );
  const levels = await stockLevelsOf(
    tx,
    rows.filter((r) => r.kind === 'product').map((r) => r.id),
  );
  const packageIds = rows.filter((r) => r.kind === 'package').map((r) => r.id);
  const contents =
    packageIds.length === 0
      ? []
      : await tx
          .select({
            packageId: itemIncludes.packageId,
            itemId: itemIncludes.itemId,
            quantity: itemIncludes.quantity,
            name: items.name,
            sku: items.sku,
          })
          .from(itemIncludes)
          .innerJoin(items, eq(items.id, itemIncludes.itemId))
          .where(inArray(itemIncludes.packageId, packageIds))
          .orderBy(asc(items.name));
  return rows.map((r) => {
    const level = levels.get(r.id);
    const picture = pictures.get(r.id);
    return {
      id: r.id,
      kind: r.kind,
      sku: r.sku,
      name: r.name,
      description: r.description,
      category: r.category,
      barcode: r.barcode,
      price: r.price,
      cost: r.cost,
      currency: r.currency,
      taxRate: r.taxRate,
      trackStock: r.trackStock,
      active: r.active,
      lowStockThreshold: level?.lowStockThreshold ?? null,
      stock: r.trackStock ? (level?.onHand ?? 0) : null,
      includes: contents
        .filter((c) => c.packageId === r.id)
        .map(({ itemId, quantity, name, sku }) => ({ itemId, quantity, name, sku })),
      discountPercent: r.discountPercent,
      discountAppliesTo: r.discountAppliesTo,
      durationDays: r.durationDays,
      interval: r.interval,
      pictureUrl: picture ? staffPictureUrl(r.id, picture) : null,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    };
  });
}

export async function getItem(tx: Tx, id: string): Promise<Item> {
  const rows = await tx.select().from(items).where(eq(items.id, id));
  const [item] = await toItems(tx, rows);
  if (!item) throw notFound('No such item.');
  return item;
}

export interface ItemQuery {
  limit: number;
  cursor?: string | undefined;
  q?: string | undefined;
  kind?: ItemKind | undefined;
  /** Any of these kinds, when `kind` is not given. */
  kinds?: readonly ItemKind[] | undefined;
  active?: boolean | undefined;
  lowStock?: boolean | undefined;
}

/** The catalogue by name, keyset-paged on (name, id); `q` matches name, SKU or barcode anywhere. */
export async function listItems(
  tx: Tx,
  query: ItemQuery,
): Promise<{ data: Item[]; nextCursor: string | null }> {
  const filters: (SQL | undefined)[] = [];
  if (query.q) filters.push(sql`${items.search} like ${containsPattern(query.q.toLowerCase())}`);
  if (query.kind) filters.push(eq(items.kind, query.kind));
  else if (query.kinds) filters.push(inArray(items.kind, [...query.kinds]));
  if (query.active !== undefined) filters.push(eq(items.active, query.active));
  if (query.lowStock) {
    const ids = await lowStockItemIds(tx);
    if (ids.length === 0) return { data: [], nextCursor: null };
    filters.push(and(inArray(items.id, ids), eq(items.trackStock, true)));
  }
  if (query.cursor) {
    const [name, id] = decodeCursor<[string, string]>(query.cursor, 2);
    filters.push(or(gt(items.name, name), and(eq(items.name, name), gt(items.id, id))));
  }
  const rows = await tx
    .select()
    .from(items)
    .where(and(...filters))
    .orderBy(asc(items.name), asc(items.id))
    .limit(query.limit + 1);
  const page = pageFrom(
    rows,
    query.limit,
    (r) => r,
    (r) => encodeCursor([r.name, r.id]),
  );
  return { data: await toItems(tx, page.data), nextCursor: page.nextCursor };
}

/** What an order needs to know of the items it sells, for many items in one query. */
export interface SaleItem {
  id: string;
  kind: ItemKind;
  sku: string;
  name: string;
  price: number;
  cost: number;
  taxRate: number;
  trackStock: boolean;
  active: boolean;
}

const saleItemColumns = {
  id: items.id,
  kind: items.kind,
  sku: items.sku,
  name: items.name,
  price: items.price,
  cost: items.cost,
  taxRate: items.taxRate,
  trackStock: items.trackStock,
  active: items.active,
};

export async function saleItems(tx: Tx, ids: readonly string[]): Promise<Map<string, SaleItem>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await tx.select(saleItemColumns).from(items).where(inArray(items.id, unique));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Items by SKU (lower-cased, as SKUs are unique regardless of case), in one query. */
export async function saleItemsBySku(tx: Tx, skus: readonly string[]): Promise<Map<string, SaleItem>> {
  const unique = [...new Set(skus.map((s) => s.toLowerCase()))];
  if (unique.length === 0) return new Map();
  const rows = await tx
    .select(saleItemColumns)
    .from(items)
    .where(inArray(sql`lower(${items.sku})`, unique));
  return new Map(rows.map((r) => [r.sku.toLowerCase(), r]));
}

/**
 * The active packages and memberships, by name, with the tax each is charged and what it
 * includes: every one is offered at once (a shop has a handful), in two queries.
 */
export async function shopPlans(tx: Tx, pricesIncludeTax: boolean): Promise<ShopPlan[]> {
  const rows = await tx
    .select()
    .from(items)
    .where(and(inArray(items.kind, ['package', 'membership']), eq(items.active, true)))
    .orderBy(asc(items.kind), asc(items.name))
    .limit(200);
  const pictures = await pictureVersionsOf(
    tx,
    rows.map((r) => r.id),
  );
  return (await toItems(tx, rows)).map((item) => {
    const { totals } = itemLineTotals([{ item, quantity: 1, discount: 0 }], pricesIncludeTax);
    const picture = pictures.get(item.id);
    return {
      id: item.id,
      kind: item.kind as 'package' | 'membership',
      name: item.name,
      description: item.description,
      price: item.price,
      taxRate: item.taxRate,
      tax: totals.tax,
      total: totals.total,
      includes: item.includes.map((i) => ({ name: i.name, quantity: i.quantity })),
      discountPercent: item.discountPercent,
      discountAppliesTo: item.discountAppliesTo ?? 'services',
      durationDays: item.kind === 'package' ? item.durationDays : null,
      interval: item.kind === 'membership' ? item.interval : null,
      pictureUrl: picture ? shopPictureUrl(item.id, picture) : null,
    };
  });
}
