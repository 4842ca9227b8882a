import { and, asc, desc, eq, inArray, isNull, lt, lte, or } from 'drizzle-orm';
import type { Settings } from '../../../contracts/settings.js';
import { systemActor } from '../../platform/auth.js';
import type { Tx } from '../../platform/db.js';
import { DomainError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { Mailer } from '../../platform/mail.js';
import { formatMoney } from '../../platform/money.js';
import { type SaleItem, saleItems } from '../catalog/index.js';
import { getCustomer } from '../customers/index.js';
import {
  customerMail,
  type RenderedMail,
  renewalDeclinedMail,
  renewalReceiptMail,
} from '../notifications/index.js';
import { placeOrder } from '../orders/index.js';
import { chargeCard, getPayment, type PaymentDeps, savedCardLabels } from '../payments/index.js';
import { getSettings } from '../settings/index.js';
import { subscriptionRenewals, subscriptions } from './schema.js';
import { afterRenewal, type RenewalResult } from './subscription.js';

export interface RenewalDeps extends PaymentDeps {
  mailer: Mailer;
  now: () => Date;
  /** Where customers update their card, for the link in a declined renewal's email. */
  accountUrl: string;
}

export interface RenewalReport {
  approved: number;
  declined: number;
  /** Left for a later run: the gateway did not answer, or another run is on it. */
  unresolved: number;
}

type Subscription = typeof subscriptions.$inferSelect;
type Renewal = typeof subscriptionRenewals.$inferSelect;

const BATCH = 50;
/** How long a run holds the memberships it is renewing. */
const LEASE_MS = 10 * 60_000;
const longDay = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' });

/**
 * Charges the memberships that are due, as merchant-initiated recurring charges on their saved
 * cards, and writes each paid period's renewal order (with its emailed receipt). A period is
 * charged at most once, however many runs there are at once, and whatever stops half-way: each
 * attempt is written down, with the id its payment will have, before the card is charged; a later
 * run finds out from that payment what became of it instead of charging again.
 */
export async function renewDueSubscriptions(deps: RenewalDeps, only?: Only): Promise<RenewalReport> {
  const report: RenewalReport = { approved: 0, declined: 0, unresolved: 0 };
  const now = deps.now();
  // Cancelled by their customer: they end when the period they paid for does.
  await deps.db
    .update(subscriptions)
    .set({ status: 'cancelled', updatedAt: now })
    .where(
      and(
        eq(subscriptions.status, 'active'),
        eq(subscriptions.cancelAtPeriodEnd, true),
        lte(subscriptions.nextPaymentAt, now),
      ),
    );
  const claimed = await deps.db.transaction((tx) => claimDue(tx, now, only));
  if (claimed.length === 0) return report;
  // Read once for the whole batch, not once a membership.
  const batch: BatchReads = {
    settings: await getSettings(deps.db),
    items: await saleItems(
      deps.db,
      claimed.map((c) => c.subscription.itemId),
    ),
    cards: await savedCardLabels(deps.db, [...new Set(claimed.map((c) => c.subscription.paymentMethodId))]),
  };
  for (const { subscription, renewal, resumed } of claimed) {
    const result = await chargeOrFindOut(deps, subscription, renewal, resumed);
    if (result.kind === 'unknown') {
      report.unresolved++;
      continue;
    }
    const recorded = await deps.db.transaction((tx) =>
      recordRenewal(tx, deps, batch, renewal.id, result.kind, result.reason ?? null),
    );
    if (recorded) report[result.kind]++;
  }
  return report;
}

/**
 * Locks the due memberships no other run holds and writes an attempt for each. An attempt that
 * is already there is one a run cut short left (or one another run is making): it is resumed.
 */
/**
 * One membership asked for by name; `early` renews it before it is due, but only the period staff
 * read (a run that renewed it meanwhile has moved it on, and the next period is not charged).
 */
interface Only {
  subscriptionId: string;
  early?: { periodStart: Date };
}

async function claimDue(tx: Tx, now: Date, only: Only | undefined) {
  const due = await tx
    .select()
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.status, 'active'),
        eq(subscriptions.cancelAtPeriodEnd, false),
        only?.early
          ? eq(subscriptions.periodStart, only.early.periodStart)
          : lte(subscriptions.nextPaymentAt, now),
        or(isNull(subscriptions.renewingUntil), lt(subscriptions.renewingUntil, now)),
        only ? eq(subscriptions.id, only.subscriptionId) : undefined,
      ),
    )
    .orderBy(asc(subscriptions.nextPaymentAt))
    .limit(BATCH)
    // One membership asked for by name waits for a run holding it, then sees that run's lease and
    // attempt; a sweep skips what others hold.
    .for('update', only ? {} : { skipLocked: true });
  if (due.length > 0) {
    // Held for this run while it charges them; a run that stops lets go when the lease runs out.
    await tx
      .update(subscriptions)
      .set({ renewingUntil: new Date(now.getTime() + LEASE_MS) })
      .where(
        inArray(
          subscriptions.id,
          due.map((s) => s.id),
        ),
      );
  }
  const claimed: { subscription: Subscription; renewal: Renewal; resumed: boolean }[] = [];
  for (const subscription of due) {
    const attempt = subscription.failedAttempts + 1;
    const [fresh] = await tx
      .insert(subscriptionRenewals)
      .values({
        id: newId('rnw'),
        subscriptionId: subscription.id,
        periodStart: subscription.periodStart,
        attempt,
        paymentId: newId('pay'),
        dueAt: subscription.nextPaymentAt,
        status: 'charging',
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (fresh) {
      claimed.push({ subscription, renewal: fresh, resumed: false });
      continue;
    }
    const [earlier] = await tx
      .select()
      .from(subscriptionRenewals)
      .where(
        and(
          eq(subscriptionRenewals.subscriptionId, subscription.id),
          eq(subscriptionRenewals.periodStart, subscription.periodStart),
          eq(subscriptionRenewals.attempt, attempt),
        ),
      );
    if (earlier?.status === 'charging') claimed.push({ subscription, renewal: earlier, resumed: true });
  }
  return claimed;
}

type Outcome = { kind: RenewalResult; reason?: string } | { kind: 'unknown' };

async function chargeOrFindOut(
  deps: RenewalDeps,
  subscription: Subscription,
  renewal: Renewal,
  resumed: boolean,
): Promise<Outcome> {
  if (resumed) {
    const payment = await getPayment(deps.db, renewal.paymentId).catch(() => null);
    if (payment) {
      if (payment.status === 'captured') return { kind: 'approved' };
      if (payment.status === 'declined') return { kind: 'declined', reason: payment.respText ?? 'Declined' };
      // Still pending (another run is charging it, or its answer is being settled), or reversed
      // and failed: nothing to record yet; a failed or reversed charge is tried again as declined.
      if (payment.status === 'failed' || payment.status === 'voided')
        return { kind: 'declined', reason: 'The charge did not go through' };
      return { kind: 'unknown' };
    }
    // The run stopped before the charge began: charge now, under the id written down.
  }
  try {
    await chargeCard(deps, {
      amount: subscription.amount,
      card: { paymentMethodId: subscription.paymentMethodId },
      entry: 'recurring',
      purpose: 'renewal',
      customerId: subscription.customerId,
      actor: systemActor,
      paymentId: renewal.paymentId,
    });
    return { kind: 'approved' };
  } catch (err) {
    if (err instanceof DomainError && err.code === 'payment_declined') {
      return { kind: 'declined', reason: err.message };
    }
    // The gateway is unreachable, or another run wrote the same payment first: find out next time.
    return { kind: 'unknown' };
  }
}

/**
 * Writes what an attempt came to, once: the renewal order for a paid period (with its receipt),
 * or the decline and the next try; the membership moves on accordingly.
 */
interface BatchReads {
  settings: Settings;
  items: Map<string, SaleItem>;
  /** The saved cards' labels, by id ("Visa •••• 1111"). */
  cards: Map<string, string>;
}

async function recordRenewal(
  tx: Tx,
  deps: RenewalDeps,
  { settings, items, cards }: BatchReads,
  renewalId: string,
  result: RenewalResult,
  reason: string | null,
): Promise<boolean> {
  const [renewal] = await tx
    .select()
    .from(subscriptionRenewals)
    .where(eq(subscriptionRenewals.id, renewalId))
    .for('update');
  if (renewal?.status !== 'charging') return false;
  const [subscription] = await tx
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.id, renewal.subscriptionId))
    .for('update');
  if (!subscription) return false;
  const now = deps.now();
  const next = afterRenewal(subscription, result, subscription.interval, subscription.anchorDay);
  const customer = await getCustomer(tx, subscription.customerId);
  const mail = (template: string, rendered: RenderedMail) =>
    customer.email
      ? deps.mailer.queue(tx, {
          to: customer.email,
          template,
          ...customerMail(settings.portal.htmlEmail, rendered),
        })
      : null;
  const terms = {
    plan: subscription.name,
    amount: formatMoney(subscription.amount, subscription.currency),
    link: deps.accountUrl,
  };
  let orderId: string | null = null;
  if (result === 'approved') {
    const item = items.get(subscription.itemId);
    // The card changed while the batch ran: its label is read now.
    const card =
      cards.get(subscription.paymentMethodId) ??
      (await savedCardLabels(tx, [subscription.paymentMethodId])).get(subscription.paymentMethodId);
    const order = await placeOrder(tx, {
      channel: 'online',
      customer: { id: customer.id, name: customer.name, email: customer.email, phone: customer.phone },
      currency: subscription.currency,
      pricesIncludeTax: settings.pricesIncludeTax,
      lines: [
        {
          item: {
            id: subscription.itemId,
            kind: 'membership',
            sku: item?.sku ?? 'MEMBERSHIP',
            name: `${subscription.name} (renewal)`,
            price: subscription.amount,
            cost: 0,
            taxRate: item?.taxRate ?? 0,
            trackStock: false,
            active: true,
          },
          quantity: 1,
          discount: 0,
        },
      ],
      tenders: [
        {
          method: 'card',
          amount: subscription.amount,
          paymentId: renewal.paymentId,
          label: `by card ${card ?? 'on file'}`,
          ...(card ? { card } : {}),
        },
      ],
      paymentStatus: 'paid',
      fulfillmentStatus: 'delivered',
      delivery: null,
      allowNegativeStock: false,
      actor: systemActor,
      placedAt: now,
    });
    orderId = order.id;
    // Its own receipt: the period paid for, the card, and when the next payment is.
    await mail(
      'membership.renewal_receipt',
      renewalReceiptMail(settings.businessName, {
        ...terms,
        card: card ?? 'your card on file',
        number: order.number,
        period: `${longDay.format(subscription.periodStart)} to ${longDay.format(next.periodStart)}`,
        nextPayment: subscription.cancelAtPeriodEnd ? null : longDay.format(next.nextPaymentAt),
      }),
    );
  }
  if (result === 'declined') {
    await mail(
      'membership.renewal_declined',
      renewalDeclinedMail(settings.businessName, {
        ...terms,
        reason: reason ?? 'declined',
        nextTry: next.status === 'past_due' ? null : longDay.format(next.nextPaymentAt),
      }),
    );
  }
  await tx
    .update(subscriptionRenewals)
    .set({ status: result, orderId, declineReason: reason, completedAt: now })
    .where(eq(subscriptionRenewals.id, renewal.id));
  await tx
    .update(subscriptions)
    .set({
      status: next.status,
      periodStart: next.periodStart,
      nextPaymentAt: next.nextPaymentAt,
      failedAttempts: next.failedAttempts,
      renewingUntil: null,
      updatedAt: now,
    })
    .where(eq(subscriptions.id, subscription.id));
  return true;
}

/**
 * Staff renew a membership now, even before it is due: `periodStart` is its `nextPaymentAt` (or
 * period start) as they read it. Once per period: asking again for a period already paid answers
 * that renewal and charges nothing; a `periodStart` that is neither the membership's next period
 * nor one it has been renewed for is a conflict (someone else moved it on meanwhile).
 */
export async function renewSubscriptionNow(
  deps: RenewalDeps,
  id: string,
  periodStart: Date,
): Promise<{ renewal: Renewal; subscriptionId: string }> {
  const [row] = await deps.db.select().from(subscriptions).where(eq(subscriptions.id, id));
  if (!row) throw notFound('No such membership.');
  const attempts = await deps.db
    .select()
    .from(subscriptionRenewals)
    .where(
      and(
        eq(subscriptionRenewals.subscriptionId, id),
        or(eq(subscriptionRenewals.periodStart, periodStart), eq(subscriptionRenewals.dueAt, periodStart)),
      ),
    )
    .orderBy(desc(subscriptionRenewals.attempt));
  const paid = attempts.find((a) => a.status === 'approved');
  if (paid) return { renewal: paid, subscriptionId: id };
  const current = +row.periodStart === +periodStart || +row.nextPaymentAt === +periodStart;
  if (!current) {
    if (attempts[0]) return { renewal: attempts[0], subscriptionId: id };
    throw new DomainError(
      'conflict',
      'conflict',
      `This membership’s next payment is ${row.nextPaymentAt.toISOString()}, not ${periodStart.toISOString()}: read it again.`,
    );
  }
  if (row.status === 'paused' || row.status === 'cancelled' || row.cancelAtPeriodEnd) {
    throw new DomainError(
      'conflict',
      'conflict',
      row.status === 'paused'
        ? 'This membership is paused: resume it first.'
        : 'This membership is cancelled: it does not renew.',
    );
  }
  if (row.status === 'past_due') {
    await deps.db
      .update(subscriptions)
      .set({ status: 'active', updatedAt: deps.now() })
      .where(and(eq(subscriptions.id, id), eq(subscriptions.status, 'past_due')));
  }
  await renewDueSubscriptions(deps, { subscriptionId: id, early: { periodStart: row.periodStart } });
  const [latest] = await deps.db
    .select()
    .from(subscriptionRenewals)
    .where(
      and(eq(subscriptionRenewals.subscriptionId, id), eq(subscriptionRenewals.periodStart, row.periodStart)),
    )
    .orderBy(desc(subscriptionRenewals.attempt))
    .limit(1);
  if (!latest)
    throw new DomainError('conflict', 'conflict', 'Another renewal of this membership is under way.');
  return { renewal: latest, subscriptionId: id };
}
