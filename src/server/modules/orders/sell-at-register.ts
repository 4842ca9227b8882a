import { maskedCard as cardShown } from '../../../contracts/card-brand.js';
import type { FieldError } from '../../../contracts/common.js';
import type { Order, RegisterSale } from '../../../contracts/orders.js';
import type { Actor } from '../../platform/auth.js';
import { DomainError } from '../../platform/errors.js';
import { transactionThenPublish } from '../../platform/events.js';
import { newId } from '../../platform/ids.js';
import type { Mailer } from '../../platform/mail.js';
import { formatMoney } from '../../platform/money.js';
import { saleItems } from '../catalog/index.js';
import { getCustomer } from '../customers/index.js';
import type { GiftCardVault } from '../giftcards/index.js';
import { stockLevelsOf } from '../inventory/index.js';
import { customerPerks, startMembershipsSold } from '../memberships/index.js';
import { chargeCard, type PaymentDeps, voidPayment } from '../payments/index.js';
import { getSettings } from '../settings/index.js';
import { giftCardTenders, planGiftCardPayments, redeemGiftCardPayments } from './gift-card-tenders.js';
import {
  applyCustomerPerks,
  giftCardItem,
  placeOrder,
  type SaleLine,
  saleNotices,
  saleTotals,
} from './place-order.js';

const invalid = (detail: string, errors: FieldError[]) =>
  new DomainError('invalid_input', 'validation_failed', detail, { errors });

/**
 * A sale at the register. Cards are charged first, outside any transaction; then the order, its
 * stock movements and its payment records are written in one transaction. If that fails, the
 * charges are voided, so a card is never charged for a sale that is not there.
 */
export async function sellAtRegister(
  deps: PaymentDeps & { mailer: Mailer; giftCardVault: GiftCardVault; shopUrl: string },
  input: RegisterSale,
  actor: Actor,
): Promise<Order> {
  const [settings, items] = await Promise.all([
    getSettings(deps.db),
    saleItems(
      deps.db,
      input.lines.map((l) => l.itemId),
    ),
  ]);

  const errors: FieldError[] = [];
  const lines: SaleLine[] = [];
  input.lines.forEach((line, i) => {
    const item = items.get(line.itemId);
    if (!item) errors.push({ path: `lines.${i}.itemId`, message: 'is not an item in the catalogue' });
    else if (!item.active) errors.push({ path: `lines.${i}.itemId`, message: `${item.name} is archived` });
    else if ((item.kind === 'package' || item.kind === 'membership') && !input.customerId)
      errors.push({
        path: `lines.${i}.itemId`,
        message: `a ${item.kind} is sold to a customer: choose the sale’s customer first`,
      });
    else if ((item.kind === 'package' || item.kind === 'membership') && line.quantity !== 1)
      errors.push({ path: `lines.${i}.quantity`, message: `a ${item.kind} is sold one at a time` });
    else {
      const discount = line.discount ?? 0;
      if (discount > item.price * line.quantity)
        errors.push({ path: `lines.${i}.discount`, message: 'must not be more than the line' });
      lines.push({ item, quantity: line.quantity, discount });
    }
  });
  const money = (minor: number) => formatMoney(minor, settings.currency);
  const customer = input.customerId ? await getCustomer(deps.db, input.customerId) : null;
  const { minAmount, maxAmount } = settings.giftCards;
  (input.giftCards ?? []).forEach((card, i) => {
    const path = `giftCards.${i}`;
    if (card.amount < minAmount || card.amount > maxAmount)
      errors.push({
        path: `${path}.amount`,
        message: `must be between ${money(minAmount)} and ${money(maxAmount)}`,
      });
    if (card.serial === undefined && !card.ownerEmail && !customer?.email)
      errors.push({
        path: `${path}.ownerEmail`,
        message: 'a virtual card is emailed: give its owner’s email, or a customer who has one',
      });
    lines.push({
      item: giftCardItem(card.amount),
      quantity: 1,
      discount: 0,
      giftCard: { serial: card.serial, ownerEmail: card.ownerEmail ?? null, path: `${path}.serial` },
    });
  });
  if (errors.length > 0) throw invalid('Some lines cannot be sold.', errors);

  // Package credits and the best member or package discount on services, as the cart showed them.
  const perks = customer ? await customerPerks(deps.db, customer.id, new Date()) : null;
  applyCustomerPerks(lines, perks);
  const { totals } = saleTotals(lines, settings.pricesIncludeTax);
  const giftCardsSold = (input.giftCards ?? []).reduce((sum, c) => sum + c.amount, 0);

  // Tenders: only cash can be more than what is left to pay (the rest is change).
  const paid = input.payments.reduce((sum, p) => sum + p.amount, 0);
  const notCash = input.payments.filter((p) => p.method !== 'cash').reduce((sum, p) => sum + p.amount, 0);
  if (paid < totals.total) {
    throw invalid(`The payments come to ${money(paid)}; the sale is ${money(totals.total)}.`, [
      { path: 'payments', message: `must cover the total of ${money(totals.total)}` },
    ]);
  }
  if (notCash > totals.total) {
    throw invalid('Cards and gift cards cannot be charged more than the sale.', [
      {
        path: 'payments',
        message: `card and gift card payments must not come to more than ${money(totals.total)}`,
      },
    ]);
  }
  const redemptions = await planGiftCardPayments(
    deps.db,
    deps.giftCardVault,
    input.payments.flatMap((p, i) =>
      p.method === 'gift_card' ? [{ code: p.code, amount: p.amount, path: `payments.${i}.code` }] : [],
    ),
    { currency: settings.currency, payable: totals.total - giftCardsSold, money },
    errors,
  );
  input.payments.forEach((p, i) => {
    if (p.method === 'card' && !p.paymentMethodId && !(p.cardToken && p.expiry))
      errors.push({
        path: `payments.${i}.cardToken`,
        message: 'a card needs a token and expiry, or a saved card',
      });
    if (p.method === 'card' && (p.paymentMethodId || p.saveCard) && !input.customerId)
      errors.push({
        path: `payments.${i}.${p.paymentMethodId ? 'paymentMethodId' : 'saveCard'}`,
        message: 'a saved card needs the sale’s customer',
      });
  });
  // A membership renews on a saved card: the one it is bought with (saved now, or before).
  const renewing = input.payments.filter((p) => p.method === 'card' && (p.paymentMethodId || p.saveCard));
  if (lines.some((l) => l.item.kind === 'membership') && renewing.length !== 1)
    errors.push({
      path: 'payments',
      message: 'a membership renews on a card: pay with one saved card, or save the card it is paid with',
    });
  if (errors.length > 0) throw invalid('Some payments cannot be taken.', errors);

  // Not enough on hand is refused before any card is charged (the transaction checks again).
  if (!settings.allowNegativeStock) {
    const wanted = new Map<string, number>();
    for (const l of lines)
      if (l.item.trackStock) wanted.set(l.item.id, (wanted.get(l.item.id) ?? 0) + l.quantity);
    const levels = await stockLevelsOf(deps.db, [...wanted.keys()]);
    for (const [itemId, quantity] of wanted) {
      const onHand = levels.get(itemId)?.onHand ?? 0;
      if (onHand < quantity) {
        throw new DomainError(
          'conflict',
          'insufficient_stock',
          `Only ${onHand} of ${items.get(itemId)!.name} in stock; the sale needs ${quantity}.`,
        );
      }
    }
  }

  const cash = input.payments.filter((p) => p.method === 'cash').reduce((sum, p) => sum + p.amount, 0);
  const change = paid - totals.total;
  const charged: string[] = [];
  const tenders: Parameters<typeof placeOrder>[1]['tenders'] = [];
  let renewsOn: string | null = null;
  let placed: Order;
  try {
    for (const [i, p] of input.payments.entries()) {
      if (p.method !== 'card') continue;
      const { payment, savedCard } = await chargeCard(deps, {
        amount: p.amount,
        card: p.paymentMethodId
          ? { paymentMethodId: p.paymentMethodId }
          : { token: p.cardToken!, expiry: p.expiry! },
        entry: 'in_store',
        purpose: 'sale',
        customerId: customer?.id ?? null,
        saveCard: p.saveCard === true,
        name: customer?.name,
        actor,
        settings,
      }).catch((err: unknown) => {
        // Which card was declined, for a register taking several.
        if (err instanceof DomainError && err.kind === 'payment_declined' && !err.errors)
          throw new DomainError(err.kind, err.code, err.message, {
            errors: [{ path: `payments.${i}`, message: err.message }],
          });
        throw err;
      });
      charged.push(payment.id);
      if (p.paymentMethodId || p.saveCard) renewsOn = p.paymentMethodId ?? savedCard?.id ?? null;
      tenders.push({
        method: 'card',
        amount: p.amount,
        paymentId: payment.id,
        label: `by card ${maskedCard(payment)}`,
        card: maskedCard(payment),
      });
    }
    if (cash > 0)
      tenders.unshift({ method: 'cash', amount: cash - change, tendered: cash, change, label: 'in cash' });

    if (lines.some((l) => l.item.kind === 'membership') && !renewsOn) {
      throw new DomainError(
        'invalid_input',
        'validation_failed',
        'The card could not be kept for renewals.',
        {
          errors: [{ path: 'payments', message: 'the gateway did not keep the card: use a saved card' }],
        },
      );
    }
    const orderId = newId('ord');
    tenders.push(...giftCardTenders(redemptions));
    placed = await transactionThenPublish(deps.db, async (tx) => {
      const order = await placeOrder(tx, {
        id: orderId,
        channel: 'in_store',
        customer: customer
          ? { id: customer.id, name: customer.name, email: customer.email, phone: customer.phone }
          : null,
        currency: settings.currency,
        pricesIncludeTax: settings.pricesIncludeTax,
        lines,
        tenders: tenders.filter((t) => t.amount > 0),
        paymentStatus: 'paid',
        fulfillmentStatus: 'picked_up',
        allowNegativeStock: settings.allowNegativeStock,
        actor,
        ...saleNotices(deps, settings),
      });
      if (customer && renewsOn) {
        await startMembershipsSold(tx, lines, {
          customerId: customer.id,
          currency: settings.currency,
          paymentMethodId: renewsOn,
          orderId,
          at: new Date(order.createdAt),
        });
      }
      // Gift cards are debited in the order's own transaction (both happen, or neither), last.
      await redeemGiftCardPayments(tx, deps.giftCardVault, redemptions, {
        orderId,
        currency: settings.currency,
        actor,
      });
      return order;
    });
  } catch (err) {
    // A decline on a second card, or a sale that could not be written: give back what was charged.
    for (const paymentId of charged) {
      await voidPayment(deps, paymentId, 'The sale was not completed', actor).catch(() => false);
    }
    throw err;
  }
  return placed;
}

/** "Visa •••• 1111": all an order shows of a card. */
export const maskedCard = (p: { brand: string | null; last4: string | null }) => cardShown(p.brand, p.last4);
