import type { FieldError } from '../../../contracts/common.js';
import type { Checkout, Order } from '../../../contracts/orders.js';
import type { Actor } from '../../platform/auth.js';
import { DomainError } from '../../platform/errors.js';
import { transactionThenPublish } from '../../platform/events.js';
import type { Mailer } from '../../platform/mail.js';
import { type SaleItem, saleItems } from '../catalog/index.js';
import { getCustomer } from '../customers/index.js';
import { stockLevelsOf } from '../inventory/index.js';
import { capturePayment, chargeCard, type PaymentDeps, voidPayment } from '../payments/index.js';
import { getSettings } from '../settings/index.js';
import { placeOrder, type SaleLine, saleTotals } from './place-order.js';
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
  deps: PaymentDeps & { mailer: Mailer },
  customerId: string,
  input: Checkout,
  actor: Actor,
): Promise<Order> {
  const settings = await getSettings(deps.db);
  if (!settings.onlineShop) {
    throw new DomainError('feature_disabled', 'feature_disabled', 'The online shop is closed.');
  }
  const customer = await getCustomer(deps.db, customerId);

  const wanted = input.lines.flatMap((l, i) => ('itemId' in l ? [{ ...l, index: i }] : []));
  const items = await saleItems(
    deps.db,
    wanted.map((l) => l.itemId),
  );
  const errors: FieldError[] = [];
  const lines: SaleLine[] = [];
  input.lines.forEach((l, i) => {
    if (!('itemId' in l)) {
      errors.push({ path: `lines.${i}`, message: 'gift cards cannot be bought online yet' });
      return;
    }
    const item = items.get(l.itemId);
    if (!item?.active) errors.push({ path: `lines.${i}.itemId`, message: 'is not for sale' });
    else if (item.kind !== 'product')
      errors.push({ path: `lines.${i}.itemId`, message: `a ${item.kind} cannot be bought online yet` });
    else lines.push({ item, quantity: l.quantity, discount: 0 });
  });
  if (errors.length > 0) throw invalid('Some lines cannot be bought.', errors);

  // Never oversell online: a line for more than is on hand is refused before the card is touched.
  const byItem = new Map<string, number>();
  for (const l of lines)
    if (l.item.trackStock) byItem.set(l.item.id, (byItem.get(l.item.id) ?? 0) + l.quantity);
  const levels = await stockLevelsOf(deps.db, [...byItem.keys()]);
  for (const [itemId, quantity] of byItem) {
    const onHand = levels.get(itemId)?.onHand ?? 0;
    if (onHand < quantity) throw insufficient(items.get(itemId)!, onHand, quantity);
  }

  const { totals } = saleTotals(lines, settings.pricesIncludeTax);
  const address = input.shippingAddress;

  const { payment } = await chargeCard(deps, {
    amount: totals.total,
    card:
      'paymentMethodId' in input.payment
        ? { paymentMethodId: input.payment.paymentMethodId }
        : { token: input.payment.cardToken, expiry: input.payment.expiry },
    entry: 'online',
    purpose: 'sale',
    capture: false,
    customerId: customer.id,
    saveCard: 'saveCard' in input.payment && input.payment.saveCard === true,
    name: customer.name,
    postal: address?.postalCode,
    actor,
    settings,
  });

  let placed: Order;
  try {
    placed = await transactionThenPublish(deps.db, (tx) =>
      placeOrder(tx, {
        channel: 'online',
        customer: { id: customer.id, name: customer.name, email: customer.email, phone: customer.phone },
        currency: settings.currency,
        pricesIncludeTax: settings.pricesIncludeTax,
        lines,
        tenders: [
          {
            method: 'card',
            amount: totals.total,
            paymentId: payment.id,
            label: `by card ${maskedCard(payment)}`,
            card: maskedCard(payment),
          },
        ],
        paymentStatus: 'paid',
        fulfillmentStatus: 'unfulfilled',
        delivery: address ? 'shipping' : 'pickup',
        shippingAddress: address
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
        receipt: { mailer: deps.mailer, businessName: settings.businessName },
      }),
    );
  } catch (err) {
    await voidPayment(deps, payment.id, 'The order could not be placed', actor).catch(() => false);
    throw err;
  }
  // An unanswered capture is finished by the settling job; the order stands either way.
  await capturePayment(deps, payment.id, actor);
  return placed;
}
