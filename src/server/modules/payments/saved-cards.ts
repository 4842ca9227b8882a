import { and, desc, eq, inArray, ne } from 'drizzle-orm';
import { maskedCard } from '../../../contracts/card-brand.js';
import type { PaymentMethod } from '../../../contracts/payments.js';
import type { Actor } from '../../platform/auth.js';
import type { Tx } from '../../platform/db.js';
import { DomainError, notFound } from '../../platform/errors.js';
import { savedOnlineBy } from './cards-saved-online.js';
import { chargeCard, type PaymentDeps } from './charge-card.js';
import { GatewayUnreachable } from './gateway.js';
import { toPaymentMethod } from './payments.js';
import { paymentMethods } from './schema.js';

/**
 * Saves a card for a customer without buying anything: a zero-amount check of the card, which
 * the gateway stores in a profile when it approves. A declined card is not saved.
 */
export async function addSavedCard(
  deps: PaymentDeps,
  customerId: string,
  card: { cardToken: string; expiry: string; name?: string | undefined },
  actor: Actor,
): Promise<PaymentMethod> {
  const { savedCard } = await chargeCard(deps, {
    amount: 0,
    card: { token: card.cardToken, expiry: card.expiry },
    entry: 'online',
    purpose: 'card_check',
    capture: false,
    customerId,
    saveCard: true,
    name: card.name,
    actor,
  });
  if (!savedCard) {
    throw new DomainError(
      'payment_declined',
      'payment_declined',
      'The gateway approved the card but did not save it.',
    );
  }
  return savedCard;
}

/**
 * A customer's saved cards: all of them for staff; for the customer's own account (`online`), only
 * the cards that account saved (see savedOnlineBy), as only those can pay online.
 */
export async function listSavedCards(
  tx: Tx,
  customerId: string,
  options: { online?: boolean; now?: Date } = {},
): Promise<PaymentMethod[]> {
  const rows = await tx
    .select()
    .from(paymentMethods)
    .where(options.online ? savedOnlineBy(tx, customerId) : eq(paymentMethods.customerId, customerId))
    .orderBy(desc(paymentMethods.id));
  const now = options.now ?? new Date();
  return rows.map((r) => toPaymentMethod(r, now));
}

/**
 * Removes a customer's saved card (from their own account, `online`: only one that account saved),
 * from the gateway too unless another customer's record still points at the same gateway profile
 * (the gateway answers a card saved twice with one profile).
 */
export async function deleteSavedCard(
  deps: PaymentDeps,
  customerId: string,
  id: string,
  options: { online?: boolean } = {},
): Promise<void> {
  const [card] = await deps.db
    .select()
    .from(paymentMethods)
    .where(
      and(
        eq(paymentMethods.id, id),
        options.online ? savedOnlineBy(deps.db, customerId) : eq(paymentMethods.customerId, customerId),
      ),
    );
  if (!card) throw notFound('No such saved card.');
  const [shared] = await deps.db
    .select({ id: paymentMethods.id })
    .from(paymentMethods)
    .where(
      and(
        eq(paymentMethods.gateway, card.gateway),
        eq(paymentMethods.profileId, card.profileId),
        eq(paymentMethods.accountId, card.accountId),
        ne(paymentMethods.id, card.id),
      ),
    )
    .limit(1);
  if (!shared) {
    try {
      // "Profile not found" is as good as deleted.
      await deps.gateway.deleteProfile(card.profileId, card.accountId);
    } catch (err) {
      if (err instanceof GatewayUnreachable) {
        throw new DomainError(
          'unavailable',
          'payment_gateway_unavailable',
          'The card gateway did not answer, so the card is still saved. Try again in a moment.',
        );
      }
      throw err;
    }
  }
  await deps.db.delete(paymentMethods).where(eq(paymentMethods.id, card.id));
}

/** "Visa •••• 1111" for each of these saved cards, in one query. */
export async function savedCardLabels(tx: Tx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ id: paymentMethods.id, brand: paymentMethods.brand, last4: paymentMethods.last4 })
    .from(paymentMethods)
    .where(inArray(paymentMethods.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, maskedCard(r.brand, r.last4)]));
}
