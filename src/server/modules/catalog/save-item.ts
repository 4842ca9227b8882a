import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { CreateItemInput, Item, ItemKind, UpdateItemInput } from '../../../contracts/catalog.js';
import type { Actor } from '../../platform/auth.js';
import type { Tx } from '../../platform/db.js';
import {
  DomainError,
  type FieldError,
  isUniqueViolation,
  notFound,
  validationFailed,
} from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { diffObjects, recordAudit } from '../audit/index.js';
import { moveStock, setLowStockThreshold } from '../inventory/index.js';
import { kindProblems } from './catalog.js';
import { getItem } from './read-items.js';
import { itemIncludes, items } from './schema.js';

const skuTaken = (sku: string) =>
  new DomainError('conflict', 'conflict', `Another item already has the SKU ${sku}.`);

async function assertSkuFree(tx: Tx, sku: string, exceptId?: string): Promise<void> {
  const [clash] = await tx
    .select({ id: items.id })
    .from(items)
    .where(
      and(sql`lower(${items.sku}) = ${sku.toLowerCase()}`, exceptId ? ne(items.id, exceptId) : undefined),
    );
  if (clash) throw skuTaken(sku);
}

/** A package may include products and services that exist, and not itself. */
async function includeProblems(
  tx: Tx,
  packageId: string,
  includes: readonly { itemId: string }[],
): Promise<FieldError[]> {
  if (includes.length === 0) return [];
  const found = await tx
    .select({ id: items.id, kind: items.kind })
    .from(items)
    .where(
      inArray(
        items.id,
        includes.map((i) => i.itemId),
      ),
    );
  const kinds = new Map(found.map((f) => [f.id, f.kind]));
  const problems: FieldError[] = [];
  includes.forEach((inc, i) => {
    const kind = kinds.get(inc.itemId);
    if (inc.itemId === packageId)
      problems.push({ path: `includes.${i}.itemId`, message: 'a package cannot include itself' });
    else if (!kind) problems.push({ path: `includes.${i}.itemId`, message: 'no such item' });
    else if (kind !== 'product' && kind !== 'service') {
      problems.push({ path: `includes.${i}.itemId`, message: 'must be a product or a service' });
    }
  });
  return problems;
}

async function checkKindRules(
  tx: Tx,
  id: string,
  kind: ItemKind,
  f: Parameters<typeof kindProblems>[1],
): Promise<void> {
  const problems = [...kindProblems(kind, f), ...(await includeProblems(tx, id, f.includes))];
  if (problems.length > 0) throw validationFailed(problems);
}

async function writeIncludes(
  tx: Tx,
  packageId: string,
  includes: readonly { itemId: string; quantity: number }[],
) {
  await tx.delete(itemIncludes).where(eq(itemIncludes.packageId, packageId));
  if (includes.length > 0) {
    await tx
      .insert(itemIncludes)
      .values(includes.map((i) => ({ packageId, itemId: i.itemId, quantity: i.quantity })));
  }
}

/** Adds an item to the catalogue, with its opening stock as a `receive` movement. */
export async function createItem(
  tx: Tx,
  actor: Actor,
  input: CreateItemInput,
  currency: string,
): Promise<Item> {
  const id = newId('itm');
  const fields = {
    trackStock: input.trackStock,
    includes: input.includes ?? [],
    discountPercent: input.discountPercent ?? null,
    discountAppliesTo:
      input.discountAppliesTo ??
      (input.kind === 'package' || input.kind === 'membership' ? 'services' : null),
    durationDays: input.durationDays ?? null,
    interval: input.interval ?? null,
  };
  const problems = kindProblems(input.kind, fields);
  if (!input.trackStock && input.initialStock) {
    problems.push({ path: 'initialStock', message: 'only items that track stock have stock' });
  }
  if (problems.length > 0) throw validationFailed(problems);
  try {
    return await tx.transaction(async (t) => {
      await checkKindRules(t, id, input.kind, fields);
      await assertSkuFree(t, input.sku);
      await t.insert(items).values({
        id,
        kind: input.kind,
        sku: input.sku,
        name: input.name,
        description: input.description ?? null,
        category: input.category ?? null,
        barcode: input.barcode ?? null,
        price: input.price,
        cost: input.cost,
        currency,
        taxRate: input.taxRate,
        trackStock: input.trackStock,
        active: input.active,
        discountPercent: fields.discountPercent,
        discountAppliesTo: fields.discountAppliesTo,
        durationDays: fields.durationDays,
        interval: fields.interval,
      });
      await writeIncludes(t, id, fields.includes);
      if (input.trackStock) {
        await setLowStockThreshold(t, id, input.lowStockThreshold ?? null);
        if (input.initialStock) {
          await moveStock(t, {
            itemId: id,
            kind: 'receive',
            quantity: input.initialStock,
            reason: 'Opening stock',
            actor,
          });
        }
      }
      await recordAudit(t, actor, {
        action: 'item.created',
        entity: 'item',
        entityId: id,
        changes: { kind: input.kind, sku: input.sku, name: input.name, price: input.price },
      });
      return getItem(t, id);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw skuTaken(input.sku);
    throw err;
  }
}

/** Changes an item; its kind stays. Archiving (`active: false`) keeps it on old orders. */
export async function updateItem(tx: Tx, actor: Actor, id: string, change: UpdateItemInput): Promise<Item> {
  try {
    return await tx.transaction(async (t) => {
      const [row] = await t.select().from(items).where(eq(items.id, id)).for('update');
      if (!row) throw notFound('No such item.');
      const before = await getItem(t, id);
      const fields = {
        trackStock: change.trackStock ?? row.trackStock,
        includes: change.includes ?? before.includes,
        discountPercent: change.discountPercent !== undefined ? change.discountPercent : row.discountPercent,
        discountAppliesTo: change.discountAppliesTo ?? row.discountAppliesTo,
        durationDays: change.durationDays !== undefined ? change.durationDays : row.durationDays,
        interval: change.interval !== undefined ? change.interval : row.interval,
      };
      await checkKindRules(t, id, row.kind, fields);
      if (change.sku !== undefined && change.sku.toLowerCase() !== row.sku.toLowerCase())
        await assertSkuFree(t, change.sku, id);
      const { includes, lowStockThreshold, ...columns } = change;
      if (Object.keys(columns).length > 0) {
        await t
          .update(items)
          .set({ ...columns, updatedAt: new Date() })
          .where(eq(items.id, id));
      }
      if (includes !== undefined) await writeIncludes(t, id, includes);
      if (lowStockThreshold !== undefined) await setLowStockThreshold(t, id, lowStockThreshold);
      const after = await getItem(t, id);
      const { updatedAt: _a, includes: _ia, stock: _sa, ...b } = before;
      const { updatedAt: _b, includes: _ib, stock: _sb, ...a } = after;
      const changes = diffObjects(b, a);
      if (includes !== undefined) changes.includes = { from: before.includes, to: after.includes };
      if (Object.keys(changes).length > 0) {
        await recordAudit(t, actor, { action: 'item.updated', entity: 'item', entityId: id, changes });
      }
      return after;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw skuTaken(change.sku ?? '');
    throw err;
  }
}
