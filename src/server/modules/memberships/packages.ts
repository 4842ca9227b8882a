import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { CustomerPerks } from '../../../contracts/customer-perks.js';
import { unusedPackageValue } from '../../../contracts/customer-perks.js';
import type { CustomerPackage } from '../../../contracts/memberships.js';
import type { Actor } from '../../platform/auth.js';
import type { Tx } from '../../platform/db.js';
import { DomainError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { getItem, saleItems } from '../catalog/index.js';
import { customerPackages, packageCreditEntries, packageCredits, subscriptions } from './schema.js';

type PackageRow = typeof customerPackages.$inferSelect;
type CreditRow = typeof packageCredits.$inferSelect;

const DAY_MS = 86_400_000;

export interface StartPackageInput {
  customerId: string;
  /** The package in the catalogue. */
  itemId: string;
  /** What was paid for it: its order line's total. */
  price: number;
  currency: string;
  orderId: string;
  orderLineId: string;
  at: Date;
  actor: Actor;
}

/**
 * Gives the customer a package bought in `tx` (the order's transaction): a credit for each service
 * it includes, as many as it includes, valid for its duration from now.
 */
export async function startPackage(tx: Tx, input: StartPackageInput): Promise<string> {
  const terms = await getItem(tx, input.itemId);
  const services = await saleItems(
    tx,
    terms.includes.map((i) => i.itemId),
  );
  const id = newId('pkg');
  await tx.insert(customerPackages).values({
    id,
    customerId: input.customerId,
    itemId: terms.id,
    name: terms.name,
    discountPercent: terms.discountPercent,
    discountAppliesTo: terms.discountAppliesTo ?? 'services',
    price: input.price,
    currency: input.currency,
    status: 'active',
    startsAt: input.at,
    expiresAt: new Date(input.at.getTime() + (terms.durationDays ?? 365) * DAY_MS),
    orderId: input.orderId,
    orderLineId: input.orderLineId,
    createdAt: input.at,
  });
  const credits = terms.includes.map((inc) => ({
    packageId: id,
    itemId: inc.itemId,
    name: inc.name,
    unitPrice: services.get(inc.itemId)?.price ?? 0,
    included: inc.quantity,
    remaining: inc.quantity,
  }));
  if (credits.length > 0) {
    await tx.insert(packageCredits).values(credits);
    await tx.insert(packageCreditEntries).values(
      credits.map((c) => ({
        id: newId('pce'),
        packageId: id,
        itemId: c.itemId,
        kind: 'grant' as const,
        quantity: c.included,
        remainingAfter: c.included,
        orderId: input.orderId,
        actorLabel: input.actor.label,
        createdAt: input.at,
      })),
    );
  }
  return id;
}

const usable = (p: PackageRow, now: Date) => p.status === 'active' && p.expiresAt > now;

/**
 * What the customer's memberships and packages give at the register now: the best percentage off
 * services (an active membership's or a valid package's) and the credits left on valid packages,
 * the soonest to expire first. Three queries, whatever the customer holds.
 */
export async function customerPerks(tx: Tx, customerId: string, now: Date): Promise<CustomerPerks> {
  const members = await tx
    .select({
      percent: subscriptions.discountPercent,
      appliesTo: subscriptions.discountAppliesTo,
      name: subscriptions.name,
    })
    .from(subscriptions)
    .where(and(eq(subscriptions.customerId, customerId), eq(subscriptions.status, 'active')));
  const packages = await tx
    .select()
    .from(customerPackages)
    .where(
      and(
        eq(customerPackages.customerId, customerId),
        eq(customerPackages.status, 'active'),
        gt(customerPackages.expiresAt, now),
      ),
    )
    .orderBy(asc(customerPackages.expiresAt), asc(customerPackages.id));
  const credits =
    packages.length === 0
      ? []
      : await tx
          .select()
          .from(packageCredits)
          .where(
            and(
              inArray(
                packageCredits.packageId,
                packages.map((p) => p.id),
              ),
              gt(packageCredits.remaining, 0),
            ),
          );
  // Every discount comes off services; those that say so come off everything else sold too.
  let discount: CustomerPerks['discount'] = null;
  let productDiscount: CustomerPerks['productDiscount'] = null;
  for (const { appliesTo, ...d } of [
    ...members.map((m) => ({ percent: m.percent ?? 0, from: m.name, appliesTo: m.appliesTo })),
    ...packages.map((p) => ({
      percent: p.discountPercent ?? 0,
      from: p.name,
      appliesTo: p.discountAppliesTo,
    })),
  ]) {
    if (d.percent > 0 && d.percent > (discount?.percent ?? 0)) discount = d;
    if (appliesTo === 'all' && d.percent > 0 && d.percent > (productDiscount?.percent ?? 0))
      productDiscount = d;
  }
  return {
    discount,
    productDiscount,
    credits: packages.flatMap((p) =>
      credits
        .filter((c) => c.packageId === p.id)
        .map((c) => ({
          packageId: p.id,
          package: p.name,
          itemId: c.itemId,
          service: c.name,
          remaining: c.remaining,
          expiresAt: p.expiresAt.toISOString(),
        })),
    ),
  };
}

/**
 * Moves credits in `tx`: a guarded update per (package, service) that refuses to go below zero or
 * above what the package came with, or to spend from a package that has expired or been refunded,
 * and an entry for each. Uses are negative, returns positive.
 */
async function moveCredits(
  tx: Tx,
  moves: readonly { packageId: string; itemId: string; quantity: number }[],
  kind: 'use' | 'return',
  context: { orderId: string; actor: Actor; now: Date },
): Promise<void> {
  for (const move of moves) {
    if (move.quantity === 0) continue;
    const [after] = await tx
      .update(packageCredits)
      .set({ remaining: sql`${packageCredits.remaining} + ${move.quantity}` })
      .where(
        and(
          eq(packageCredits.packageId, move.packageId),
          eq(packageCredits.itemId, move.itemId),
          sql`${packageCredits.remaining} + ${move.quantity} between 0 and ${packageCredits.included}`,
          kind === 'use'
            ? sql`exists (select 1 from ${customerPackages} where ${customerPackages.id} = ${move.packageId}
                and ${customerPackages.status} = 'active' and ${customerPackages.expiresAt} > ${context.now})`
            : undefined,
        ),
      )
      .returning({ remaining: packageCredits.remaining });
    if (!after) {
      if (kind === 'return') continue; // the package was refunded since: its credits are gone.
      throw new DomainError(
        'conflict',
        'conflict',
        'The customer’s package credits changed while the sale was being made (used, expired or refunded): check the sale again.',
      );
    }
    await tx.insert(packageCreditEntries).values({
      id: newId('pce'),
      packageId: move.packageId,
      itemId: move.itemId,
      kind,
      quantity: move.quantity,
      remainingAfter: after.remaining,
      orderId: context.orderId,
      actorLabel: context.actor.label,
      createdAt: context.now,
    });
  }
}

/** A sale uses credits, in its own transaction: all of them, or the sale is not made. */
export const spendCredits = (
  tx: Tx,
  uses: readonly { packageId: string; itemId: string; quantity: number }[],
  context: { orderId: string; actor: Actor; now: Date },
) =>
  moveCredits(
    tx,
    uses.map((u) => ({ ...u, quantity: -u.quantity })),
    'use',
    context,
  );

/** A refunded line gives its credits back to its package (unless the package was refunded). */
export const returnCredits = (
  tx: Tx,
  returns: readonly { packageId: string; itemId: string; quantity: number }[],
  context: { orderId: string; actor: Actor; now: Date },
) => moveCredits(tx, returns, 'return', context);

/** What closing a package for a refund did: its unused value, and the credits it forfeited. */
export interface ClosedPackage {
  packageId: string;
  value: number;
  forfeited: { packageId: string; itemId: string; quantity: number }[];
}

/**
 * Closes a package being refunded, in `tx`: its credits left are forfeited and it is marked
 * refunded. Answers its unused value (pro rata to the credits left), what the refund gives back,
 * and what was forfeited, for `reopenPackage` should the money not go back after all.
 */
export async function closePackageForRefund(
  tx: Tx,
  packageId: string,
  context: { orderId: string; actor: Actor; now: Date },
): Promise<ClosedPackage> {
  const [row] = await tx
    .select()
    .from(customerPackages)
    .where(eq(customerPackages.id, packageId))
    .for('update');
  if (!row) throw notFound('No such package.');
  if (row.status === 'refunded') {
    throw new DomainError('conflict', 'conflict', `${row.name} has been refunded already.`);
  }
  const credits = await tx.select().from(packageCredits).where(eq(packageCredits.packageId, packageId));
  const value = unusedPackageValue(row.price, credits, usable(row, context.now));
  for (const c of credits) {
    if (c.remaining === 0) continue;
    await tx
      .update(packageCredits)
      .set({ remaining: 0 })
      .where(and(eq(packageCredits.packageId, packageId), eq(packageCredits.itemId, c.itemId)));
    await tx.insert(packageCreditEntries).values({
      id: newId('pce'),
      packageId,
      itemId: c.itemId,
      kind: 'forfeit',
      quantity: -c.remaining,
      remainingAfter: 0,
      orderId: context.orderId,
      actorLabel: context.actor.label,
      createdAt: context.now,
    });
  }
  await tx
    .update(customerPackages)
    .set({ status: 'refunded', refundedAt: context.now })
    .where(eq(customerPackages.id, packageId));
  const forfeited = credits
    .filter((c) => c.remaining > 0)
    .map((c) => ({ packageId, itemId: c.itemId, quantity: c.remaining }));
  return { packageId, value, forfeited };
}

function toPackage(row: PackageRow, credits: readonly CreditRow[], now: Date): CustomerPackage {
  const left = credits.reduce((sum, c) => sum + c.remaining, 0);
  const status =
    row.status === 'refunded'
      ? 'refunded'
      : row.expiresAt <= now
        ? 'expired'
        : credits.length > 0 && left === 0
          ? 'used_up'
          : 'active';
  return {
    id: row.id,
    customerId: row.customerId,
    itemId: row.itemId,
    name: row.name,
    status,
    discountPercent: row.discountPercent,
    discountAppliesTo: row.discountAppliesTo,
    price: row.price,
    currency: row.currency,
    startsAt: row.startsAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    credits: credits.map((c) => ({
      itemId: c.itemId,
      service: c.name,
      included: c.included,
      used: c.included - c.remaining,
      remaining: c.remaining,
    })),
    refundable: unusedPackageValue(row.price, credits, usable(row, now)),
    orderId: row.orderId,
    orderLineId: row.orderLineId,
    createdAt: row.createdAt.toISOString(),
  };
}

async function withCredits(tx: Tx, rows: PackageRow[], now: Date): Promise<CustomerPackage[]> {
  if (rows.length === 0) return [];
  const credits = await tx
    .select()
    .from(packageCredits)
    .where(
      inArray(
        packageCredits.packageId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(packageCredits.name));
  return rows.map((r) =>
    toPackage(
      r,
      credits.filter((c) => c.packageId === r.id),
      now,
    ),
  );
}

/** A customer's packages, the newest first, with their credits (two queries). */
export async function customerPackagesOf(tx: Tx, customerId: string, now: Date): Promise<CustomerPackage[]> {
  const rows = await tx
    .select()
    .from(customerPackages)
    .where(eq(customerPackages.customerId, customerId))
    .orderBy(sql`${customerPackages.createdAt} desc`, sql`${customerPackages.id} desc`);
  return withCredits(tx, rows, now);
}

/** The names of these packages as bought, by id, in one query. */
export async function packageNames(tx: Tx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ id: customerPackages.id, name: customerPackages.name })
    .from(customerPackages)
    .where(inArray(customerPackages.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function getPackage(tx: Tx, id: string, now: Date): Promise<CustomerPackage> {
  const rows = await tx.select().from(customerPackages).where(eq(customerPackages.id, id));
  if (rows.length === 0) throw notFound('No such package.');
  const [one] = await withCredits(tx, rows, now);
  return one!;
}

/**
 * Undoes `closePackageForRefund` when the money could not be given back after all: exactly the
 * credits it forfeited come back (never more than the package came with), and the package is
 * active again.
 */
export async function reopenPackage(
  tx: Tx,
  closed: ClosedPackage,
  context: { orderId: string; actor: Actor; now: Date },
): Promise<void> {
  await tx
    .update(customerPackages)
    .set({ status: 'active', refundedAt: null })
    .where(and(eq(customerPackages.id, closed.packageId), eq(customerPackages.status, 'refunded')));
  await moveCredits(tx, closed.forfeited, 'return', context);
}
