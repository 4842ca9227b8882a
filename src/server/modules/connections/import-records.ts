import { z } from 'zod';
import { createItemSchema } from '../../../contracts/catalog.js';
import type { Tx } from '../../platform/db.js';
import { DomainError } from '../../platform/errors.js';
import { createItem, getItem, saleItems, saleItemsBySku, updateItem } from '../catalog/index.js';
import { ensureCartCustomers, getCustomer, updateCustomerFromCart } from '../customers/index.js';
import { advanceBindings, bindingsOf, bindNew } from './bindings.js';
import type { CartCustomer, CartItem } from './cart.js';
import { type Applied, nothingApplied, type SyncContext } from './import-orders.js';
import { queueStockPushes } from './queue-pushes.js';

/** How one cart record comes in: as sync finds it (`auto`), or as staff chose in a selective import. */
export type ImportMode = 'auto' | 'create' | 'link';

export interface ItemRow {
  record: CartItem;
  mode: ImportMode;
  /** `link`: the Tandem item to link to; absent: the one with the cart's SKU. */
  linkTo?: string | undefined;
  /** `create`: the item code, cost and stock to create it with, when staff gave them. */
  sku?: string | undefined;
  cost?: number | undefined;
  stock?: number | null | undefined;
}

export interface CustomerRow {
  record: CartCustomer;
  mode: ImportMode;
  linkTo?: string | undefined;
}

const reasonOf = (err: unknown): string => {
  if (err instanceof z.ZodError)
    return err.issues.map((i) => `${i.path.join('.') || 'item'} ${i.message}`).join('; ');
  if (err instanceof DomainError) {
    const fields = err.errors?.map((e) => `${e.path} ${e.message}`).join('; ');
    return fields ? `${err.message} (${fields})` : err.message;
  }
  throw err;
};

/** Binds the records just created or linked (at the version read) and moves the others' versions on. */
async function saveBindings(
  tx: Tx,
  connectionId: string,
  entity: 'items' | 'customers',
  rows: readonly { record: { externalId: string; updatedAt: Date } }[],
  bound: readonly { externalId: string; tandemId: string }[],
  advanced: readonly { externalId: string; externalUpdatedAt: Date }[],
): Promise<void> {
  const versions = new Map(rows.map((r) => [r.record.externalId, r.record.updatedAt]));
  await bindNew(
    tx,
    connectionId,
    entity,
    bound.map((b) => ({ ...b, externalUpdatedAt: versions.get(b.externalId) ?? null })),
  );
  await advanceBindings(tx, connectionId, entity, advanced);
  // An item just linked tells the carts its level now, not at its next stock movement.
  if (entity === 'items')
    await queueStockPushes(
      tx,
      bound.map((b) => b.tandemId),
    );
}

/** Whether a refusal is about the record (answered as a failure) rather than the database. */
const recordProblem = (err: unknown) => err instanceof z.ZodError || err instanceof DomainError;

/**
 * Applies cart items in `tx`. Sync links an unknown product to the item with its SKU, or creates
 * one (tracked when the cart tracks stock, starting at the cart's stock); with `updates` on, a
 * bound item takes the cart's newer name and price. A selective import creates or links as told.
 */
export async function importItems(
  tx: Tx,
  ctx: SyncContext,
  rows: readonly ItemRow[],
  options: { updates: boolean },
): Promise<Applied & { bound: { externalId: string; tandemId: string }[] }> {
  const applied = { ...nothingApplied(), bound: [] as { externalId: string; tandemId: string }[] };
  const bound = await bindingsOf(
    tx,
    ctx.connectionId,
    'items',
    rows.map((r) => r.record.externalId),
  );
  const bySku = await saleItemsBySku(
    tx,
    rows.flatMap((r) => (r.record.sku ? [r.record.sku] : [])),
  );
  const linkTargets = await saleItems(
    tx,
    rows.flatMap((r) => (r.linkTo ? [r.linkTo] : [])),
  );
  const advanced: { externalId: string; externalUpdatedAt: Date }[] = [];
  for (const row of rows) {
    const r = row.record;
    const binding = bound.get(r.externalId);
    try {
      if (binding) {
        if (row.mode !== 'auto') {
          applied.skipped++;
          continue;
        }
        if (binding.externalUpdatedAt && r.updatedAt <= binding.externalUpdatedAt) {
          applied.skipped++;
          continue;
        }
        if (options.updates) {
          const current = await getItem(tx, binding.tandemId);
          if (current.name !== r.name || current.price !== r.price) {
            await updateItem(tx, ctx.actor, binding.tandemId, { name: r.name.slice(0, 200), price: r.price });
            applied.updated++;
          } else applied.skipped++;
        } else applied.skipped++;
        advanced.push({ externalId: r.externalId, externalUpdatedAt: r.updatedAt });
        continue;
      }
      const sameSku = r.sku ? bySku.get(r.sku.toLowerCase()) : undefined;
      let tandemId: string;
      if (row.mode === 'link' || (row.mode === 'auto' && sameSku)) {
        const target = row.linkTo ? linkTargets.get(row.linkTo) : sameSku;
        if (!target) {
          applied.failures.push({
            externalId: r.externalId,
            reason: row.linkTo
              ? `There is no item ${row.linkTo} to link to.`
              : `No item has SKU ${r.sku ?? '(none)'}.`,
          });
          continue;
        }
        tandemId = target.id;
        applied.updated++;
      } else {
        const stock = row.stock !== undefined ? row.stock : r.stock;
        const input = createItemSchema.parse({
          kind: 'product',
          sku: row.sku ?? r.sku ?? `${ctx.connectionId.slice(-6)}-${r.externalId}`.slice(0, 64),
          name: r.name.slice(0, 200) || `Cart product ${r.externalId}`,
          price: r.price,
          cost: row.cost ?? 0,
          trackStock: stock !== null && stock !== undefined,
          active: r.active,
          ...(stock !== null && stock !== undefined ? { initialStock: Math.max(0, stock) } : {}),
        });
        tandemId = (await createItem(tx, ctx.actor, input, ctx.currency)).id;
        applied.imported++;
      }
      applied.bound.push({ externalId: r.externalId, tandemId });
    } catch (err) {
      if (!recordProblem(err)) throw err;
      applied.failures.push({ externalId: r.externalId, reason: reasonOf(err) });
    }
  }
  await saveBindings(tx, ctx.connectionId, 'items', rows, applied.bound, advanced);
  return applied;
}

const customerAddress = (c: CartCustomer) =>
  c.address?.line1 && c.address.city && c.address.postalCode && /^[A-Z]{2}$/.test(c.address.country)
    ? {
        label: null,
        line1: c.address.line1.slice(0, 200),
        line2: c.address.line2?.slice(0, 200) ?? null,
        city: c.address.city.slice(0, 100),
        region: c.address.region?.slice(0, 100) ?? null,
        postalCode: c.address.postalCode.slice(0, 20),
        country: c.address.country,
      }
    : null;

/**
 * Applies cart customers in `tx`: linked by email to the customer Tandem has, or created; with
 * `updates` on, a bound customer takes the cart's newer name, phone and address.
 */
export async function importCustomers(
  tx: Tx,
  ctx: SyncContext,
  rows: readonly CustomerRow[],
  options: { updates: boolean },
): Promise<Applied & { bound: { externalId: string; tandemId: string }[] }> {
  const applied = { ...nothingApplied(), bound: [] as { externalId: string; tandemId: string }[] };
  const bound = await bindingsOf(
    tx,
    ctx.connectionId,
    'customers',
    rows.map((r) => r.record.externalId),
  );
  const advanced: { externalId: string; externalUpdatedAt: Date }[] = [];
  const fields = (c: CartCustomer) => ({
    email: c.email,
    name: c.name,
    phone: c.phone,
    address: customerAddress(c),
  });
  const incoming: CustomerRow[] = [];
  for (const row of rows) {
    const r = row.record;
    const binding = bound.get(r.externalId);
    if (!binding) {
      if (!z.email().safeParse(r.email.trim()).success) {
        applied.failures.push({
          externalId: r.externalId,
          reason: `“${r.email.slice(0, 80)}” is not an email address.`,
        });
      } else incoming.push(row);
      continue;
    }
    if (row.mode !== 'auto' || (binding.externalUpdatedAt && r.updatedAt <= binding.externalUpdatedAt)) {
      applied.skipped++;
      continue;
    }
    if (options.updates) {
      await updateCustomerFromCart(tx, binding.tandemId, fields(r));
      applied.updated++;
    } else applied.skipped++;
    advanced.push({ externalId: r.externalId, externalUpdatedAt: r.updatedAt });
  }
  const linked = incoming.filter((r) => r.linkTo);
  for (const row of linked) {
    try {
      await getCustomer(tx, row.linkTo!);
      applied.bound.push({ externalId: row.record.externalId, tandemId: row.linkTo! });
      applied.updated++;
    } catch (err) {
      if (!recordProblem(err)) throw err;
      applied.failures.push({
        externalId: row.record.externalId,
        reason: `There is no customer ${row.linkTo} to link to.`,
      });
    }
  }
  const byEmail = incoming.filter((r) => !r.linkTo);
  const ensured = await ensureCartCustomers(
    tx,
    byEmail.map((r) => fields(r.record)),
  );
  const taken = new Set<string>();
  for (const row of byEmail) {
    const found = ensured.get(row.record.email.trim().toLowerCase());
    if (!found || taken.has(found.id)) {
      applied.failures.push({
        externalId: row.record.externalId,
        reason: 'Another cart customer has the same email.',
      });
      continue;
    }
    if (row.mode === 'create' && !found.created) {
      applied.failures.push({
        externalId: row.record.externalId,
        reason: `A customer with ${row.record.email} exists already: link them instead.`,
      });
      continue;
    }
    taken.add(found.id);
    applied.bound.push({ externalId: row.record.externalId, tandemId: found.id });
    if (found.created) applied.imported++;
    else applied.updated++;
  }
  await saveBindings(tx, ctx.connectionId, 'customers', rows, applied.bound, advanced);
  return applied;
}
