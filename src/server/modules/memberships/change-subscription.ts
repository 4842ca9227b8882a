import { eq } from 'drizzle-orm';
import { maskedCard } from '../../../contracts/card-brand.js';
import type { Subscription } from '../../../contracts/memberships.js';
import type { Actor } from '../../platform/auth.js';
import type { Tx } from '../../platform/db.js';
import { DomainError, notFound } from '../../platform/errors.js';
import type { Mailer } from '../../platform/mail.js';
import { formatMoney } from '../../platform/money.js';
import { getCustomer } from '../customers/index.js';
import { customerMail, membershipCancelledMail, membershipCardUpdatedMail } from '../notifications/index.js';
import { addSavedCard, listSavedCards, type PaymentDeps } from '../payments/index.js';
import { getSettings } from '../settings/index.js';
import { getSubscription, ownSubscription } from './read-subscriptions.js';
import { subscriptions } from './schema.js';
import type { SubscriptionRow } from './subscriptions.js';

export interface MembershipDeps extends PaymentDeps {
  mailer: Mailer;
  /** Where customers manage their recurring orders, for the links in emails. */
  accountUrl: string;
}

const day = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' });

async function tell(
  tx: Tx,
  deps: MembershipDeps,
  row: SubscriptionRow,
  mail: (
    businessName: string,
    base: { plan: string; amount: string; link: string },
  ) => {
    subject: string;
    html: string;
    text: string;
  },
  template: string,
): Promise<void> {
  const customer = await getCustomer(tx, row.customerId);
  if (!customer.email) return;
  const settings = await getSettings(tx);
  await deps.mailer.queue(tx, {
    to: customer.email,
    template,
    ...customerMail(
      settings.portal.htmlEmail,
      mail(settings.businessName, {
        plan: row.name,
        amount: formatMoney(row.amount, row.currency),
        link: deps.accountUrl,
      }),
    ),
  });
}

/**
 * The customer changes the card their membership renews on: a card saved before, or a new one
 * (checked with the gateway and saved). A membership past due is due again at once, on that card.
 */
export async function changeSubscriptionCard(
  deps: MembershipDeps,
  customerId: string,
  id: string,
  card: { cardToken: string; expiry: string } | { paymentMethodId: string },
  actor: Actor,
): Promise<Subscription> {
  const row = await ownSubscription(deps.db, customerId, id);
  if (row.status === 'cancelled') {
    throw new DomainError('conflict', 'conflict', 'This membership is cancelled: it has no card to change.');
  }
  const saved =
    'paymentMethodId' in card
      ? (await listSavedCards(deps.db, customerId, { online: true })).find(
          (c) => c.id === card.paymentMethodId,
        )
      : await addSavedCard(deps, customerId, card, actor);
  if (!saved) throw notFound('No such saved card.');
  if (saved.expired) {
    throw new DomainError('invalid_input', 'validation_failed', 'That card has expired.', {
      errors: [{ path: 'paymentMethodId', message: 'has expired' }],
    });
  }
  const now = deps.now?.() ?? new Date();
  await deps.db.transaction(async (tx) => {
    await tx
      .update(subscriptions)
      .set({
        paymentMethodId: saved.id,
        ...(row.status === 'past_due' ? { status: 'active' as const, nextPaymentAt: now } : {}),
        updatedAt: now,
      })
      .where(eq(subscriptions.id, row.id));
    await tell(
      tx,
      deps,
      row,
      (business, base) =>
        membershipCardUpdatedMail(business, { ...base, card: maskedCard(saved.brand, saved.last4) }),
      'membership.card_updated',
    );
  });
  return getSubscription(deps.db, row.id);
}

/** The customer cancels: the membership runs to the end of the period paid for, then stops. */
export async function cancelSubscriptionAtPeriodEnd(
  deps: MembershipDeps,
  customerId: string,
  id: string,
): Promise<Subscription> {
  const row = await ownSubscription(deps.db, customerId, id);
  if (row.status === 'cancelled' || row.cancelAtPeriodEnd) return getSubscription(deps.db, row.id);
  await deps.db.transaction(async (tx) => {
    await tx
      .update(subscriptions)
      .set({ cancelAtPeriodEnd: true, updatedAt: deps.now?.() ?? new Date() })
      .where(eq(subscriptions.id, row.id));
    await tell(
      tx,
      deps,
      row,
      (business, base) => membershipCancelledMail(business, { ...base, endsOn: day.format(row.periodStart) }),
      'membership.cancelled',
    );
  });
  return getSubscription(deps.db, row.id);
}

/**
 * Staff act on a membership: pause it (no renewals, no discount) or resume it (due again at once
 * if its time has passed), cancel it now, or retry a renewal now (a membership past due).
 */
export async function manageSubscription(
  tx: Tx,
  id: string,
  action: 'pause' | 'resume' | 'cancel' | 'retry',
  now: Date,
): Promise<void> {
  const [row] = await tx.select().from(subscriptions).where(eq(subscriptions.id, id)).for('update');
  if (!row) throw notFound('No such membership.');
  const refuse = (detail: string) => new DomainError('conflict', 'conflict', detail);
  if (row.status === 'cancelled') throw refuse('This membership is cancelled.');
  const set = (values: Partial<SubscriptionRow>) =>
    tx
      .update(subscriptions)
      .set({ ...values, updatedAt: now })
      .where(eq(subscriptions.id, id));
  switch (action) {
    case 'pause':
      if (row.status !== 'active')
        throw refuse(`A membership that is ${row.status.replace('_', ' ')} cannot be paused.`);
      return void (await set({ status: 'paused' }));
    case 'resume':
      if (row.status !== 'paused') throw refuse('Only a paused membership can be resumed.');
      return void (await set({ status: 'active' }));
    case 'cancel':
      return void (await set({ status: 'cancelled', cancelAtPeriodEnd: false }));
    case 'retry':
      if (row.status === 'paused') throw refuse('Resume the membership first.');
      return void (await set({ status: 'active', nextPaymentAt: now }));
  }
}
