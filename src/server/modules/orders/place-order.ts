import { asc, eq } from 'drizzle-orm';
import { applyPerks, type CustomerPerks } from '../../../contracts/customer-perks.js';
import { itemLineTotals } from '../../../contracts/order-totals.js';
import type { Order } from '../../../contracts/orders.js';
import type { Settings } from '../../../contracts/settings.js';
import type { Actor } from '../../platform/auth.js';
import type { Tx } from '../../platform/db.js';
import { notFound } from '../../platform/errors.js';
import { publishEvent } from '../../platform/events.js';
import { newId } from '../../platform/ids.js';
import type { Mailer } from '../../platform/mail.js';
import { formatMoney } from '../../platform/money.js';
import type { SaleItem } from '../catalog/index.js';
import { emailGiftCard, type GiftCardVault, issueGiftCard } from '../giftcards/index.js';
import { moveStocks } from '../inventory/index.js';
import { spendCredits, startPackage } from '../memberships/index.js';
import { customerMail, orderReceiptMail, type Receipt } from '../notifications/index.js';
import { attachPaymentsToOrder, cardLabels, queuedRefundsOfOrder } from '../payments/index.js';
import { insertOrders, orderRecord } from './order-record.js';
import type { FulfillmentStatus, PaymentStatus } from './order-status.js';
import { type LineRow, toOrder } from './orders.js';
import { type AddressSnapshot, orderHistory, orderLines, orders, orderTenders } from './schema.js';

/** A gift card sold on an order: a line of its own, with no catalogue item, tax or cost. */
export interface GiftCardItem {
  id: null;
  kind: 'gift_card';
  sku: null;
  name: string;
  price: number;
  cost: 0;
  taxRate: 0;
  trackStock: false;
  active: true;
}

export const giftCardItem = (amount: number): GiftCardItem => ({
  id: null,
  kind: 'gift_card',
  sku: null,
  name: 'Gift card',
  price: amount,
  cost: 0,
  taxRate: 0,
  trackStock: false,
  active: true,
});

/** A charge on an imported cart order that is no catalogue item: its shipping. */
export interface ChargeItem {
  id: null;
  kind: 'shipping';
  sku: null;
  name: string;
  price: number;
  cost: 0;
  taxRate: number;
  trackStock: false;
  active: true;
}

export interface SaleLine {
  item: SaleItem | GiftCardItem | ChargeItem;
  quantity: number;
  discount: number;
  /** For a gift card line: the card to issue once the order is paid. */
  giftCard?: {
    serial?: string | undefined;
    ownerEmail?: string | null | undefined;
    message?: string | null | undefined;
    senderName?: string | null | undefined;
    /** Where a bad serial is reported in the request. */
    path: string;
  };
  /** For a service line: units a package's credits pay for (their price is in `discount`). */
  credits?: { packageId: string; quantity: number } | null;
}

/**
 * Prices the lines for a customer's memberships and packages (credits, then their discounts), as
 * the register's and the shop's carts showed them: sets each line's discount and credits.
 */
export function applyCustomerPerks(lines: SaleLine[], perks: CustomerPerks | null): void {
  applyPerks(
    lines.map((l) => ({ ...l, itemId: l.item.id, kind: l.item.kind, price: l.item.price })),
    perks,
  ).forEach((priced, i) => {
    const line = lines[i]!;
    line.discount = priced.discount;
    line.credits = priced.packageId ? { packageId: priced.packageId, quantity: priced.creditsUsed } : null;
  });
}

/** The totals of lines about to be sold, as the order will keep them. */
export const saleTotals = (lines: readonly SaleLine[], pricesIncludeTax: boolean) =>
  itemLineTotals(lines, pricesIncludeTax);

export interface PlaceOrderInput {
  /** The order's id, when the caller needs it before the order is written (gift card redemptions). */
  id?: string;
  channel: 'in_store' | 'online' | 'cart';
  connectionId?: string | null;
  /**
   * An imported cart document: written `pending`, touching neither stock nor reports until staff
   * confirm it, with the kind of document it was imported as and the cart's own number.
   */
  cartDocument?:
    | { documentKind: 'cash_sale' | 'sales_order' | 'invoice'; externalNumber: string }
    | undefined;
  customer: { id: string | null; name: string | null; email: string | null; phone: string | null } | null;
  currency: string;
  pricesIncludeTax: boolean;
  lines: SaleLine[];
  tenders: {
    method: 'cash' | 'card' | 'gift_card' | 'cart';
    amount: number;
    tendered?: number | null;
    change?: number | null;
    paymentId?: string | null;
    /** The gift card a gift card tender was redeemed from. */
    giftCardId?: string | null;
    /** How the receipt names it: "in cash", "by card Visa •••• 1111". */
    label?: string;
    /** The card, masked: "Visa •••• 1111". */
    card?: string;
    /** A cart tender's reference in the cart. */
    reference?: string | null;
  }[];
  paymentStatus: PaymentStatus;
  fulfillmentStatus: FulfillmentStatus;
  delivery?: 'shipping' | 'pickup' | null;
  shippingAddress?: AddressSnapshot | null;
  /** The courier and tracking id of an order placed as already shipped (an import, the demo's past). */
  shipment?: { courier: string; trackingId: string } | null;
  /** What happened to it after it was placed, when it is placed after the fact, oldest first. */
  laterHistory?: { kind: string; from: string | null; to: string | null; detail: string; at: Date }[];
  /** A register sale with the store setting on may take stock below zero. */
  allowNegativeStock: boolean;
  actor: Actor;
  /** When it was placed, if not now (an order imported from a cart, the demo shop's history). */
  placedAt?: Date | undefined;
  /** Emails the receipt, in the same transaction, when the customer has an email. */
  receipt?:
    | { mailer: Mailer; businessName: string; htmlEmail: boolean; invitation?: Receipt['invitation'] }
    | undefined;
  /** Issues the gift cards the order sells, and emails the virtual ones to their owners. */
  giftCards?: GiftCardIssuing | undefined;
}

/**
 * What a sale sends the customer and issues, as the store's settings say: the receipt, and the
 * gift cards it sells (emailed as HTML or plain text, per the portal setting).
 */
export function saleNotices(
  deps: { mailer: Mailer; giftCardVault: GiftCardVault; shopUrl: string },
  settings: Settings,
): Pick<PlaceOrderInput, 'receipt' | 'giftCards'> {
  return {
    receipt: {
      mailer: deps.mailer,
      businessName: settings.businessName,
      htmlEmail: settings.portal.htmlEmail,
    },
    giftCards: {
      vault: deps.giftCardVault,
      serialPrefix: settings.giftCards.serialPrefix,
      email: {
        mailer: deps.mailer,
        businessName: settings.businessName,
        shopUrl: deps.shopUrl,
        htmlEmail: settings.portal.htmlEmail,
      },
    },
  };
}

export interface GiftCardIssuing {
  vault: GiftCardVault;
  serialPrefix: string;
  /** How virtual cards reach their owners; left out, they are not emailed (the demo shop's past). */
  email?: { mailer: Mailer; businessName: string; shopUrl: string; htmlEmail: boolean };
}

/**
 * Writes an order, its lines, tenders and first history entry, and takes its tracked products out
 * of stock, all in `tx`: either the whole sale is there or none of it is. Tells every register
 * and back office once the transaction commits.
 */
export async function placeOrder(tx: Tx, input: PlaceOrderInput): Promise<Order> {
  const id = input.id ?? newId('ord');
  const placedAt = input.placedAt ?? new Date();
  const sold = await issueGiftCards(tx, id, input);
  const lineIds = input.lines.map(() => newId('orl'));
  const { lines } = saleTotals(input.lines, input.pricesIncludeTax);
  const packages = await startPackages(tx, id, lineIds, lines, input);
  await spendCredits(
    tx,
    input.lines.flatMap((l) =>
      l.credits && l.item.id
        ? [{ packageId: l.credits.packageId, itemId: l.item.id, quantity: l.credits.quantity }]
        : [],
    ),
    { orderId: id, actor: input.actor, now: placedAt },
  );
  const built = orderRecord(input, { id, lineIds, sold, packages });
  const { lineRows, tenderRows, historyRows, totals } = built;
  const [order] = await insertOrders(tx, [built]);
  const number = order!.number;
  if (!input.cartDocument) {
    await takeFromStock(tx, lineRows, {
      number,
      orderId: id,
      actor: input.actor,
      allowNegative: input.allowNegativeStock,
    });
  }
  await attachPaymentsToOrder(
    tx,
    input.tenders.flatMap((t) => (t.paymentId ? [t.paymentId] : [])),
    id,
  );
  if (input.receipt && input.customer?.email) {
    const currency = input.currency;
    await input.receipt.mailer.queue(tx, {
      to: input.customer.email,
      template: 'order.receipt',
      ...customerMail(
        input.receipt.htmlEmail,
        orderReceiptMail(
          input.receipt.businessName,
          {
            number,
            currency,
            lines: input.lines.map((l, i) => ({
              name: l.credits
                ? `${l.item.name} (${l.credits.quantity} package credit${l.credits.quantity === 1 ? '' : 's'} used)`
                : l.item.name,
              quantity: l.quantity,
              total: lines[i]!.total,
            })),
            discount: totals.discount,
            tax: totals.tax,
            total: totals.total,
            pricesIncludeTax: input.pricesIncludeTax,
            tenders: input.tenders.map((t) => ({ label: t.label ?? t.method, amount: t.amount })),
            change: input.tenders.reduce((sum, t) => sum + (t.change ?? 0), 0),
            delivery: input.delivery ?? null,
            shippingAddress: input.shippingAddress ?? null,
            invitation: input.receipt.invitation ?? null,
          },
          (minor) => formatMoney(minor, currency),
        ),
      ),
    });
  }
  await publishEvent(tx, 'order.created', {
    id,
    number,
    channel: input.channel,
    total: totals.total,
    currency: input.currency,
  });
  const cards = new Map(
    input.tenders.flatMap((t) => (t.paymentId && t.card ? [[t.paymentId, t.card] as const] : [])),
  );
  return toOrder(order!, lineRows, tenderRows, historyRows, cards);
}

/** Takes an order's tracked products out of stock: one movement per item, all in one statement. */
export async function takeFromStock(
  tx: Tx,
  lines: readonly Pick<LineRow, 'itemId' | 'tracksStock' | 'quantity'>[],
  order: { number: number; orderId: string; actor: Actor; allowNegative: boolean },
): Promise<void> {
  // Lines of the same item added up.
  const taken = new Map<string, number>();
  for (const l of lines) {
    if (l.tracksStock && l.itemId) taken.set(l.itemId, (taken.get(l.itemId) ?? 0) + l.quantity);
  }
  await moveStocks(
    tx,
    [...taken].map(([itemId, quantity]) => ({
      itemId,
      kind: 'sale' as const,
      quantity: -quantity,
      reason: `Order #${order.number}`,
      actor: order.actor,
      orderId: order.orderId,
      allowNegative: order.allowNegative,
    })),
  );
}

/**
 * Issues the cards the order's gift card lines sell, with the order as their source, and emails
 * each virtual one to its owner; answers each line's name ("Gift card •••• 4821").
 */
async function issueGiftCards(
  tx: Tx,
  orderId: string,
  input: PlaceOrderInput,
): Promise<Map<number, { name: string; cardId: string }>> {
  const sold = new Map<number, { name: string; cardId: string }>();
  const issuing = input.giftCards;
  for (const [i, line] of input.lines.entries()) {
    if (!line.giftCard) continue;
    if (!issuing) throw new Error('an order that sells gift cards needs a way to issue them');
    const card = await issueGiftCard(tx, issuing.vault, {
      amount: line.item.price,
      currency: input.currency,
      serial: line.giftCard.serial,
      serialPath: line.giftCard.path,
      ownerEmail: line.giftCard.ownerEmail ?? null,
      customerId: line.giftCard.ownerEmail ? null : (input.customer?.id ?? null),
      message: line.giftCard.message ?? null,
      senderName: line.giftCard.senderName ?? null,
      orderId,
      serialPrefix: issuing.serialPrefix,
      actor: input.actor,
      ...(input.placedAt ? { at: input.placedAt } : {}),
    });
    const name = `${card.kind === 'physical' ? 'Gift card (physical)' : 'Gift card'} ${card.maskedCode}`;
    sold.set(i, { name, cardId: card.id });
    const to = card.ownerEmail ?? input.customer?.email;
    if (card.kind === 'virtual' && to && issuing.email) {
      await emailGiftCard(tx, issuing.email, {
        ...card,
        to,
        from: line.giftCard.senderName ?? input.customer?.name ?? null,
      });
    }
  }
  return sold;
}

/** Gives the customer the packages the order's package lines sell; answers each line's package. */
async function startPackages(
  tx: Tx,
  orderId: string,
  lineIds: readonly string[],
  totals: readonly { total: number }[],
  input: PlaceOrderInput,
): Promise<Map<number, string>> {
  const started = new Map<number, string>();
  for (const [i, line] of input.lines.entries()) {
    if (line.item.kind !== 'package' || !line.item.id) continue;
    if (!input.customer?.id) throw new Error('a package is sold to a customer');
    started.set(
      i,
      await startPackage(tx, {
        customerId: input.customer.id,
        itemId: line.item.id,
        price: totals[i]!.total,
        currency: input.currency,
        orderId,
        orderLineId: lineIds[i]!,
        at: input.placedAt ?? new Date(),
        actor: input.actor,
      }),
    );
  }
  return started;
}

/** An order's row, lines and tenders, or 404. */
export async function orderRows(tx: Tx, id: string) {
  const [row] = await tx.select().from(orders).where(eq(orders.id, id));
  if (!row) throw notFound('No such order.');
  // One after the other: `tx` may be a transaction, whose one connection runs one query at a time.
  const lines = await tx.select().from(orderLines).where(eq(orderLines.orderId, id));
  const tenders = await tx
    .select()
    .from(orderTenders)
    .where(eq(orderTenders.orderId, id))
    .orderBy(asc(orderTenders.id));
  return { row, lines, tenders };
}

export async function getOrder(tx: Tx, id: string): Promise<Order> {
  const { row, lines, tenders } = await orderRows(tx, id);
  const history = await tx
    .select()
    .from(orderHistory)
    .where(eq(orderHistory.orderId, id))
    .orderBy(asc(orderHistory.id));
  const cards = await cardLabels(
    tx,
    tenders.flatMap((t) => (t.paymentId ? [t.paymentId] : [])),
  );
  const owed = await queuedRefundsOfOrder(tx, id);
  return toOrder(row, lines, tenders, history, cards, owed);
}
