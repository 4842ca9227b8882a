import { validationFailed } from '../../platform/errors.js';
import { saleItemsBySku } from '../catalog/index.js';
import { ensureCartCustomers } from '../customers/index.js';
import { bindingsOf } from './bindings.js';
import {
  type BadRecord,
  type CartCustomer,
  type CartEntity,
  CartError,
  type CartItem,
  type CartOrder,
  type CartRecords,
  isBadRecord,
} from './cart.js';
import { calling, dryRun, type ManualDeps, openForWork } from './cart-work.js';

export interface CartListRow {
  externalId: string;
  /** The Tandem record it is linked to, if any. */
  linkedTo: string | null;
  /** The Tandem record that looks like it (same SKU or email), to link to. */
  match: string | null;
  error: string | null;
  item?: Omit<CartItem, 'updatedAt'> & { updatedAt: string };
  customer?: Omit<CartCustomer, 'updatedAt'> & { updatedAt: string };
  order?: {
    number: string;
    status: CartOrder['status'];
    cartStatus: string;
    total: number;
    currency: string;
    customerName: string | null;
    customerEmail: string | null;
    lines: number;
    createdAt: string;
  };
}

/** What the cart has, a page at a time, each marked with what it is linked to in Tandem. */
export async function listCart(
  deps: ManualDeps,
  id: string,
  entity: CartEntity,
  query: { cursor?: string | undefined; limit: number; q?: string | undefined },
): Promise<{ data: CartListRow[]; nextCursor: string | null; total: number | null }> {
  const { cart } = await openForWork(deps, id);
  const page = await calling(() =>
    cart
      .page(entity, { page: query.cursor ?? null, pageSize: Math.min(query.limit, 100), search: query.q })
      .catch((err: unknown) => {
        // The cursor is the caller's: one the adapter cannot read is bad input, not the cart's fault.
        if (query.cursor && err instanceof CartError && err.failure === 'rejected') {
          throw validationFailed([{ path: 'cursor', message: 'is not a cursor from this list' }]);
        }
        throw err;
      }),
  );
  const records = page.records as (CartRecords[CartEntity] | BadRecord)[];
  const bound = await bindingsOf(
    deps.db,
    id,
    entity,
    records.map((r) => r.externalId),
  );
  const good = records.filter((r): r is CartRecords[CartEntity] => !isBadRecord(r));
  const matches = new Map<string, string>();
  if (entity === 'items') {
    const bySku = await saleItemsBySku(
      deps.db,
      (good as CartItem[]).flatMap((r) => (r.sku ? [r.sku] : [])),
    );
    for (const r of good as CartItem[]) {
      const m = r.sku ? bySku.get(r.sku.toLowerCase()) : undefined;
      if (m) matches.set(r.externalId, m.id);
    }
  }
  if (entity === 'customers') {
    // Only reads: a dry run of linking by email, rolled back.
    await dryRun(deps.db, async (tx) => {
      const found = await ensureCartCustomers(
        tx,
        (good as CartCustomer[]).map((c) => ({
          email: c.email,
          name: c.name,
          phone: c.phone,
          address: null,
        })),
      );
      for (const c of good as CartCustomer[]) {
        const f = found.get(c.email.trim().toLowerCase());
        if (f && !f.created) matches.set(c.externalId, f.id);
      }
    });
  }
  const data = records.map((r): CartListRow => {
    const base = {
      externalId: r.externalId,
      linkedTo: bound.get(r.externalId)?.tandemId ?? null,
      match: matches.get(r.externalId) ?? null,
    };
    if (isBadRecord(r)) return { ...base, error: r.reason };
    if (entity === 'items')
      return { ...base, error: null, item: { ...(r as CartItem), updatedAt: r.updatedAt.toISOString() } };
    if (entity === 'customers') {
      return {
        ...base,
        error: null,
        customer: { ...(r as CartCustomer), updatedAt: r.updatedAt.toISOString() },
      };
    }
    const o = r as CartOrder;
    return {
      ...base,
      error: null,
      order: {
        number: o.number,
        status: o.status,
        cartStatus: o.cartStatus,
        total: o.total,
        currency: o.currency,
        customerName: o.customer.name,
        customerEmail: o.customer.email,
        lines: o.lines.length,
        createdAt: o.createdAt.toISOString(),
      },
    };
  });
  return { data, nextCursor: page.next, total: page.total ?? null };
}
