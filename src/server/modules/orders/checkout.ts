import type { FieldError } from '../../../contracts/common.js';
import type { Checkout, Order } from '../../../contracts/orders.js';
import type { Actor } from '../../platform/auth.js';
import { DomainError } from '../../platform/errors.js';
import { transactionThenPublish } from '../../platform/events.js';
import { newId } from '../../platform/ids.js';
import type { Mailer } from '../../platform/mail.js';
import { formatMoney } from '../../platform/money.js';
import { type SaleItem, saleItems } from '../catalog/index.js';
import { getCustomer } from '../customers/index.js';
import type { GiftCardVault } from '../giftcards/index.js';
import { stockLevelsOf } from '../inventory/index.js';
import { customerPerks, startMembershipsSold } from '../memberships/index.js';
import { capturePayment, chargeCard, type PaymentDeps, voidPayment } from '../payments/index.js';
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
import { maskedCard } from './sell-at-register.js';

const invalid = (detail: string, errors: FieldError[]) =>
  new DomainError('invalid_input', 'validation_failed', detail, { errors });

const insufficient = (item: SaleItem, onHand: number, wanted: number) =>
  new DomainError(
    'conflict',
    'insufficient_stock',
    onHand <= 0
      ? `${item.name} is sold out.`
      : `Only ${onHand} of ${item.name} left; the order asks for ${wanted}.`,
  );

/**
 * An online purchase by a signed-in customer. The card is authorised first (outside any
 * transaction); the order then takes its stock in one transaction, which refuses to oversell; only
 * then is the authorisation captured. A checkout that loses the race for the last units has its
 * authorisation voided: nothing stays charged for an order that is not there.
 */
export async function checkout(
  deps: PaymentDeps & { mailer: Mailer; giftCardVault: GiftCardVault; shopUrl: string },
  /** The signed-in account: its customer, and the address it proved (where its mail goes). */
  buyer: { customerId: string; email: string },
  input: Checkout,
  actor: Actor,
): Promise<Order> {
  const settings = await getSettings(deps.db);
  if (!settings.onlineShop) {
    throw new DomainError('feature_disabled', 'feature_disabled', 'The online shop is closed.');
  }
  const customer = await getCustomer(deps.db, buyer.customerId);

  const wanted = input.lines.flatMap((l, i) => ('itemId' in l ? [{ ...l, index: i }] : []));
  const items = await saleItems(
    deps.db,
    wanted.map((l) => l.itemId),
  );
  const errors: FieldError[] = [];
  const lines: SaleLine[] = [];
  const money = (minor: number) => formatMoney(minor, settings.currency);
  const { minAmount, maxAmount } = settings.giftCards;
  let giftCardsSold = 0;
  input.lines.forEach((l, i) => {
    if (!('itemId' in l)) {
      const { amount, recipientEmail, message } = l.giftCard;
      if (amount < minAmount || amount > maxAmount)
        errors.push({
          path: `lines.${i}.giftCard.amount`,
          message: `must be between ${money(minAmount)} and ${money(maxAmount)}`,
        });
      giftCardsSold += amount;
      lines.push({
        item: giftCardItem(amount),
        quantity: 1,
        discount: 0,
        giftCard: {
          ownerEmail: recipientEmail,
          message: message ?? null,
          senderName: customer.name,
          path: `lines.${i}`,
        },
      });
      return;
    }
    const item = items.get(l.itemId);
    if (!item?.active) errors.push({ path: `lines.${i}.itemId`, message: 'is not for sale' });
    else if ((item.kind === 'membership' || item.kind === 'package') && l.quantity !== 1)
      errors.push({ path: `lines.${i}.quantity`, message: `a ${item.kind} is bought one at a time` });
    else if (item.kind === 'service')
      errors.push({ path: `lines.${i}.itemId`, message: 'a service is booked in store, not bought online' });
    else lines.push({ item, quantity: l.quantity, discount: 0 });
  });
  if (errors.length > 0) throw invalid('Some lines cannot be bought.', errors);
  // A membership's or package's discount on everything comes off the products, as the cart showed.
  applyCustomerPerks(lines, await customerPerks(deps.db, buyer.customerId, new Date()));
  const { totals } = saleTotals(lines, settings.pricesIncludeTax);

  const redemptions = await planGiftCardPayments(
    deps.db,
    deps.giftCardVault,
    (input.giftCardCodes ?? []).map((code, i) => ({
      code,
      amount: 'balance' as const,
      path: `giftCardCodes.${i}`,
    })),
    { currency: settings.currency, payable: totals.total - giftCardsSold, money, unusableAsUnknown: true },
    errors,
  );
  const byGiftCard = redemptions.reduce((sum, r) => sum + r.amount, 0);
  const byCard = totals.total - byGiftCard;
  if (byCard > 0 && !input.payment)
    errors.push({
      path: 'payment',
      message: `the gift cards cover ${money(byGiftCard)}: a card is needed for the rest`,
    });
  // A membership renews on a saved card: the one it is bought with, saved, or one saved before.
  const memberships = lines.filter((l) => l.item.kind === 'membership');
  const keepsCard =
    byCard > 0 && input.payment && ('paymentMethodId' in input.payment || input.payment.saveCard === true);
  if (memberships.length > 0 && !keepsCard)
    errors.push({
      path: 'payment',
      message: 'a membership renews on a saved card: pay with a saved card, or save this one',
    });
  if (errors.length > 0) throw invalid('The order cannot be paid like this.', errors);

  // Never oversell online: a line for more than is on hand is refused before the card is touched.
  const byItem = new Map<string, number>();
  for (const l of lines)
    if (l.item.trackStock) byItem.set(l.item.id, (byItem.get(l.item.id) ?? 0) + l.quantity);
  const levels = await stockLevelsOf(deps.db, [...byItem.keys()]);
  for (const [itemId, quantity] of byItem) {
    const onHand = levels.get(itemId)?.onHand ?? 0;
    if (onHand < quantity) throw insufficient(items.get(itemId)!, onHand, quantity);
  }

  const address = input.shippingAddress;
  // Gift cards go by email, packages and memberships start at once: only products are shipped or collected.
  const goods = lines.some((l) => l.item.kind === 'product');
  const paying = byCard > 0 ? input.payment : undefined;
  const charged = paying
    ? await chargeCard(deps, {
        amount: byCard,
        card:
          'paymentMethodId' in paying
            ? { paymentMethodId: paying.paymentMethodId }
            : { token: paying.cardToken, expiry: paying.expiry },
        entry: 'online',
        purpose: 'sale',
        capture: false,
        customerId: customer.id,
        saveCard: 'saveCard' in paying && paying.saveCard === true,
        name: customer.name,
        postal: address?.postalCode,
        actor,
        settings,
      })
    : null;
  const payment = charged?.payment ?? null;
  const renewsOn =
    paying && 'paymentMethodId' in paying ? paying.paymentMethodId : (charged?.savedCard?.id ?? null);

  let placed: Order;
  try {
    const orderId = newId('ord');
    placed = await transactionThenPublish(deps.db, async (tx) => {
      const order = await placeOrder(tx, {
        id: orderId,
        channel: 'online',
        // The receipt goes to the address the account proved, not to one staff put on the record.
        customer: { id: customer.id, name: customer.name, email: buyer.email, phone: customer.phone },
        currency: settings.currency,
        pricesIncludeTax: settings.pricesIncludeTax,
        lines,
        tenders: [
          ...giftCardTenders(redemptions),
          ...(payment
            ? [
                {
                  method: 'card' as const,
                  amount: byCard,
                  paymentId: payment.id,
                  label: `by card ${maskedCard(payment)}`,
                  card: maskedCard(payment),
                },
              ]
            : []),
        ],
        paymentStatus: 'paid',
        fulfillmentStatus: goods ? 'unfulfilled' : 'delivered',
        delivery: goods ? (address ? 'shipping' : 'pickup') : null,
        shippingAddress:
          goods && address
            ? {
                name: address.name || customer.name,
                line1: address.line1,
                ...(address.line2 ? { line2: address.line2 } : {}),
                city: address.city,
                ...(address.region ? { region: address.region } : {}),
                postalCode: address.postalCode,
                country: address.country,
                ...(address.phone ? { phone: address.phone } : {}),
              }
            : null,
        allowNegativeStock: false,
        actor,
        ...saleNotices(deps, settings),
      });
      if (memberships.length > 0) {
        await startMembershipsSold(tx, memberships, {
          customerId: customer.id,
          currency: settings.currency,
          paymentMethodId: renewsOn!,
          orderId,
          at: new Date(order.createdAt),
        });
      }
      // Gift cards are debited in the order's own transaction, which also took the stock; last, so
      // that a card is locked only briefly.
      await redeemGiftCardPayments(tx, deps.giftCardVault, redemptions, {
        orderId,
        currency: settings.currency,
        actor,
      });
      return order;
    });
  } catch (err) {
    if (payment)
      await voidPayment(deps, payment.id, 'The order could not be placed', actor).catch(() => false);
    throw err;
  }
  // An unanswered capture is finished by the settling job; the order stands either way.
  if (payment) await capturePayment(deps, payment.id, actor);
  return placed;
}
