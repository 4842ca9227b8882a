import type { FieldError } from '../../../contracts/common.js';
import type { Checkout, Order } from '../../../contracts/orders.js';
import type { Actor } from '../../platform/auth.js';
import { normaliseEmail } from '../../platform/credentials.js';
import type { Tx } from '../../platform/db.js';
import { DomainError } from '../../platform/errors.js';
import { transactionThenPublish } from '../../platform/events.js';
import { newId } from '../../platform/ids.js';
import type { Mailer } from '../../platform/mail.js';
import { formatMoney } from '../../platform/money.js';
import { issueToken } from '../../platform/one-time-tokens.js';
import { guestActor, guestOrderOwner } from '../accounts/index.js';
import { type SaleItem, saleItems } from '../catalog/index.js';
import { getCustomer } from '../customers/index.js';
import type { GiftCardVault } from '../giftcards/index.js';
import { stockLevelsOf } from '../inventory/index.js';
import { customerPerks, startMembershipsSold } from '../memberships/index.js';
import { capturePayment, chargeCard, type PaymentDeps, voidPayment } from '../payments/index.js';
import { getSettings } from '../settings/index.js';
import { giftCardTenders, planGiftCardPayments, redeemGiftCardPayments } from './gift-card-tenders.js';
import { ORDER_CLAIM_PURPOSE } from './link-guest-order.js';
import {
  applyCustomerPerks,
  giftCardItem,
  type PlaceOrderInput,
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

/** How long the link in a guest's receipt can add the order to the account of that email. */
export const ORDER_CLAIM_TTL_MS = 30 * 24 * 3600_000;

/**
 * An online purchase by a signed-in customer, or by a guest (no account, when the shop allows it:
 * an email, a new card never saved, no perks of any record that has that email). The card is authorised first (outside any
 * transaction); the order then takes its stock in one transaction, which refuses to oversell; only
 * then is the authorisation captured. A checkout that loses the race for the last units has its
 * authorisation voided: nothing stays charged for an order that is not there.
 */
export async function checkout(
  deps: PaymentDeps & { mailer: Mailer; giftCardVault: GiftCardVault; shopUrl: string },
  /**
   * The signed-in account: its customer, and the address it proved (where its mail goes); null for
   * a guest, whose email is in the input.
   */
  buyer: { customerId: string; email: string } | null,
  input: Checkout,
  signedInActor: Actor | null,
): Promise<Order> {
  const settings = await getSettings(deps.db);
  if (!settings.onlineShop) {
    throw new DomainError('feature_disabled', 'feature_disabled', 'The online shop is closed.');
  }
  const customer = buyer ? await getCustomer(deps.db, buyer.customerId) : null;
  const errors: FieldError[] = buyer ? signedInProblems(input) : guestProblems(input);
  const email = buyer?.email ?? input.email ?? '';
  const actor = signedInActor ?? guestActor(email);
  const name = customer?.name ?? (input.shippingAddress?.name || null);

  const wanted = input.lines.flatMap((l, i) => ('itemId' in l ? [{ ...l, index: i }] : []));
  const items = await saleItems(
    deps.db,
    wanted.map((l) => l.itemId),
  );
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
          senderName: name,
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
    // Credits are spent by the customer they belong to, whom a guest's email must not name.
    else if (item.kind === 'package' && !buyer)
      errors.push({
        path: `lines.${i}.itemId`,
        message: 'a package is kept in an online account: sign in to buy one',
      });
    else lines.push({ item, quantity: l.quantity, discount: 0 });
  });
  if (errors.length > 0) throw invalid('Some lines cannot be bought.', errors);
  // A membership's or package's discount on everything comes off the products, as the cart showed.
  // A guest gets no record's perks: prices must not tell whether an email belongs to a member.
  if (customer) applyCustomerPerks(lines, await customerPerks(deps.db, customer.id, new Date()));
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
      message: customer
        ? 'a membership renews on a saved card: pay with a saved card, or save this one'
        : 'a membership renews on a saved card: sign in to buy one',
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
        customerId: customer?.id ?? null,
        saveCard: customer !== null && 'saveCard' in paying && paying.saveCard === true,
        name: name ?? undefined,
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
      const ownerId = customer ? customer.id : await guestOrderOwner(tx, { email, name });
      const invitation = customer
        ? null
        : await guestInvitation(tx, deps.shopUrl, { email, orderId, ownerId });
      const order = await placeOrder(tx, {
        id: orderId,
        channel: 'online',
        // The receipt goes to the address the account proved, not to one staff put on the record.
        customer: { id: ownerId, name, email, phone: customer?.phone ?? null },
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
                name: address.name || name || '',
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
        ...withInvitation(saleNotices(deps, settings), invitation),
      });
      if (memberships.length > 0 && customer) {
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
  // A guest's answer is the same whoever the email belongs to: it names no customer record.
  return customer ? placed : { ...placed, customer: placed.customer && { ...placed.customer, id: null } };
}

function signedInProblems(input: Checkout): FieldError[] {
  return input.email === undefined
    ? []
    : [
        {
          path: 'email',
          message: 'is only for checking out without signing in: the receipt goes to your account',
        },
      ];
}

function guestProblems(input: Checkout): FieldError[] {
  const errors: FieldError[] = [];
  if (input.email === undefined)
    errors.push({ path: 'email', message: 'is needed to check out without signing in' });
  if (input.payment && 'paymentMethodId' in input.payment)
    errors.push({ path: 'payment.paymentMethodId', message: 'a saved card needs signing in' });
  if (input.payment && 'saveCard' in input.payment && input.payment.saveCard === true)
    errors.push({ path: 'payment.saveCard', message: 'cards are saved only to an online account: sign in' });
  return errors;
}

type Invitation = NonNullable<NonNullable<PlaceOrderInput['receipt']>['invitation']>;

/**
 * What a guest's receipt offers: signing up with the email filled in, when the order is kept under
 * a record that sign-up links; otherwise a one-time link that adds this order to the account of
 * that email, for whoever reads that mailbox.
 */
async function guestInvitation(
  tx: Tx,
  shopUrl: string,
  guest: { email: string; orderId: string; ownerId: string | null },
): Promise<Invitation> {
  if (guest.ownerId)
    return {
      text: 'Create an online account with this email to see this order and follow it.',
      label: 'Create my account',
      url: `${shopUrl}/register?email=${encodeURIComponent(guest.email)}`,
      secret: false,
    };
  const token = await issueToken(tx, {
    purpose: ORDER_CLAIM_PURPOSE,
    subject: guest.orderId,
    data: { email: normaliseEmail(guest.email) },
    ttlMs: ORDER_CLAIM_TTL_MS,
  });
  return {
    text: 'To see this order in your online account, sign in (or create an account) with this email and open this link.',
    label: 'Add this order to my account',
    url: `${shopUrl}/claim-order?token=${token}`,
    secret: true,
  };
}

const withInvitation = (
  notices: ReturnType<typeof saleNotices>,
  invitation: Invitation | null,
): ReturnType<typeof saleNotices> =>
  invitation && notices.receipt ? { ...notices, receipt: { ...notices.receipt, invitation } } : notices;
