import { and, eq, sql } from 'drizzle-orm';
import { divideRounded } from '../../../contracts/order-totals.js';
import type { OrderRefundResult, RefundMethod } from '../../../contracts/orders.js';
import type { PaymentDetail } from '../../../contracts/payments.js';
import { type Actor, actorColumns } from '../../platform/auth.js';
import type { Tx } from '../../platform/db.js';
import { DomainError, notFound } from '../../platform/errors.js';
import { publishEvent } from '../../platform/events.js';
import { newId } from '../../platform/ids.js';
import { formatMoney } from '../../platform/money.js';
import {
  getGiftCard,
  groupedCode,
  maskedCode,
  refundToGiftCard,
  reinstateGiftCard,
  voidGiftCard,
} from '../giftcards/index.js';
import { moveStock } from '../inventory/index.js';
import {
  type ClosedPackage,
  closePackageForRefund,
  getPackage,
  reopenPackage,
  returnCredits,
} from '../memberships/index.js';
import {
  cardLabels,
  checkRefundable,
  getPayment,
  type PaymentDeps,
  queueRefund,
  refundPayment,
} from '../payments/index.js';
import { paymentStatusAfterRefunds } from './order-status.js';
import type { LineRow, TenderRow } from './orders.js';
import { getOrder } from './place-order.js';
import {
  giftCardTarget,
  mailRefundReceipt,
  putOnGiftCard,
  type RefundServices,
  refundWords,
} from './refund-destinations.js';
import { orderHistory, orderLines, orderRefunds, orders, orderTenders } from './schema.js';

export interface RefundOrderInput {
  /** Minor units; when left out, the value of the lines given, or everything not yet refunded. */
  amount?: number | undefined;
  /** Lines given back, with how many of each. */
  lines?: { lineId: string; quantity: number }[] | undefined;
  /** Put the lines' tracked products back in stock. */
  restock?: boolean | undefined;
  reason?: string | undefined;
  /** Give the money back on this card payment of the order only (a refund started from the payment). */
  paymentId?: string | undefined;
  /**
   * How the money goes back: to the card (queued until the payment settles when only part of it
   * could go back now), in cash, or onto a gift card; each payment its own way when left out.
   */
  method?: RefundMethod | undefined;
  /** With `gift_card`: the card to put it on; a new store credit card when left out. */
  giftCardCode?: string | undefined;
}

const invalid = (detail: string, path: string, message: string) =>
  new DomainError('invalid_input', 'validation_failed', detail, { errors: [{ path, message }] });

/** Which tenders give the money back: cards first (back where it came from), then cash. */
export function allocateRefund(
  tenders: readonly Pick<TenderRow, 'id' | 'method' | 'amount' | 'refunded'>[],
  amount: number,
): { tenderId: string; amount: number }[] {
  const order = { card: 0, gift_card: 1, cash: 2, cart: 3 } as const;
  const sorted = [...tenders].sort((a, b) => order[a.method] - order[b.method]);
  const parts: { tenderId: string; amount: number }[] = [];
  let left = amount;
  for (const t of sorted) {
    if (left === 0) break;
    const part = Math.min(left, t.amount - t.refunded);
    if (part > 0) {
      parts.push({ tenderId: t.id, amount: part });
      left -= part;
    }
  }
  return parts;
}

type ValuedLine = Pick<LineRow, 'id' | 'quantity' | 'total' | 'creditsUsed' | 'refundedQuantity'>;

/**
 * How `quantity` more units of a line given back split between units that were paid for (money
 * back) and units package credits paid for (credits back): the paid ones go first.
 */
export function splitReturn(line: ValuedLine, quantity: number): { paid: number; credits: number } {
  const paidUnits = line.quantity - line.creditsUsed;
  const paidLeft = Math.max(0, paidUnits - line.refundedQuantity);
  const paid = Math.min(quantity, paidLeft);
  return { paid, credits: quantity - paid };
}

/** What these lines are worth: the paid units given back, each at its share of the line's total. */
export function linesValue(
  lines: readonly ValuedLine[],
  given: readonly { lineId: string; quantity: number }[],
): number {
  return given.reduce((sum, g) => {
    const line = lines.find((l) => l.id === g.lineId)!;
    const paidUnits = line.quantity - line.creditsUsed;
    const { paid } = splitReturn(line, g.quantity);
    return sum + (paidUnits > 0 ? divideRounded(line.total * paid, paidUnits) : 0);
  }, 0);
}

/**
 * Gives money back on an order, whole or by line, optionally putting the goods back in stock.
 * Card tenders are refunded through the gateway (voided while the gateway has not settled them),
 * each recorded on the order as soon as the gateway has answered; cash is recorded as paid out.
 */
export async function refundOrder(
  deps: PaymentDeps & RefundServices,
  orderId: string,
  input: RefundOrderInput,
  actor: Actor,
): Promise<OrderRefundResult> {
  const [order] = await deps.db.select().from(orders).where(eq(orders.id, orderId));
  if (!order) throw notFound('No such order.');
  if (order.paymentStatus === 'pending') {
    throw new DomainError(
      'conflict',
      'conflict',
      'This order has not been paid: there is nothing to refund.',
    );
  }
  if (order.state === 'pending') {
    // Nothing of it has moved in Tandem yet: it is cancelled or refunded in its cart, which it follows.
    throw new DomainError(
      'conflict',
      'conflict',
      'This cart order is still pending: refund or cancel it in the cart, or confirm it first.',
    );
  }
  const lines = await deps.db.select().from(orderLines).where(eq(orderLines.orderId, orderId));
  const tenders = await deps.db.select().from(orderTenders).where(eq(orderTenders.orderId, orderId));
  const money = (minor: number) => formatMoney(minor, order.currency);
  const only = input.paymentId ? tenders.find((t) => t.paymentId === input.paymentId) : undefined;
  if (input.paymentId && !only) throw notFound('No such payment on this order.');

  const given = input.lines ?? [];
  given.forEach((g, i) => {
    const line = lines.find((l) => l.id === g.lineId);
    if (!line)
      throw invalid('A line is not on this order.', `lines.${i}.lineId`, 'is not a line of this order');
    if (g.quantity > line.quantity - line.refundedQuantity) {
      throw invalid(
        `Only ${line.quantity - line.refundedQuantity} of ${line.name} can still be given back.`,
        `lines.${i}.quantity`,
        `must be at most ${line.quantity - line.refundedQuantity}`,
      );
    }
  });
  const left = order.total - order.refunded;
  // Gift cards sold on the order are refunded only by their lines, which close the cards.
  const giftCardLines = given.flatMap((g) => {
    const line = lines.find((l) => l.id === g.lineId)!;
    return line.giftCardId ? [{ line, value: linesValue(lines, [g]) }] : [];
  });
  const openGiftCardValue = lines
    .filter((l) => l.giftCardId && l.refundedQuantity < l.quantity)
    .reduce((sum, l) => sum + l.total, 0);
  const giftCardValue = giftCardLines.reduce((sum, g) => sum + g.value, 0);
  // A package gives back only its unused value, pro rata to the credits left (and nothing once expired).
  const at = deps.now?.() ?? new Date();
  const packageLines: { line: LineRow; value: number }[] = [];
  for (const g of given) {
    const line = lines.find((l) => l.id === g.lineId)!;
    if (line.kind !== 'package' || !line.packageId) continue;
    const bought = await getPackage(deps.db, line.packageId, at);
    if (bought.status === 'refunded') {
      throw new DomainError('conflict', 'conflict', `${bought.name} has been refunded already.`);
    }
    packageLines.push({ line, value: Math.min(bought.refundable, line.total) });
  }
  const valueGiven =
    linesValue(
      lines,
      given.filter((g) => !packageLines.some((p) => p.line.id === g.lineId)),
    ) + packageLines.reduce((sum, p) => sum + p.value, 0);
  if (packageLines.length > 0 && input.amount !== undefined && input.amount > valueGiven) {
    throw invalid(
      `At most ${money(valueGiven)} can be refunded for these lines: a package gives back only its unused value.`,
      'amount',
      `must be at most ${money(valueGiven)}`,
    );
  }
  // Packages sold on the order too: money back without their lines would leave their credits usable.
  const openPackageValue = lines
    .filter((l) => l.kind === 'package' && l.packageId && l.refundedQuantity < l.quantity)
    .reduce((sum, l) => sum + l.total, 0);
  const reserved = openGiftCardValue + openPackageValue;
  const released = giftCardValue + packageLines.reduce((sum, p) => sum + p.line.total, 0);
  const amount =
    input.amount ??
    (given.length > 0
      ? Math.min(valueGiven, left)
      : only
        ? Math.min(only.amount - only.refunded, left - reserved)
        : left - reserved);
  if (amount - released > left - reserved) {
    const most = left - reserved + released;
    throw invalid(
      reserved > 0
        ? `At most ${money(most)} can be refunded: the gift cards and packages this order sold are refunded by giving back their lines.`
        : `At most ${money(most)} can still be refunded.`,
      'amount',
      `must be at most ${money(most)}`,
    );
  }
  for (const { line, value } of giftCardLines) {
    const card = await getGiftCard(deps.db, line.giftCardId!);
    if (card.balance < value) {
      throw new DomainError(
        'conflict',
        'conflict',
        `The gift card ${card.maskedCode} has been spent down to ${money(card.balance)}: its line cannot be refunded in full.`,
      );
    }
  }
  if (amount > left) {
    throw invalid(
      `At most ${money(left)} can still be refunded.`,
      'amount',
      `must be at most ${money(left)}`,
    );
  }
  if (amount <= 0 && given.length === 0) {
    throw reserved > 0
      ? invalid(
          'What is left on this order is gift cards or packages it sold: give back their lines.',
          'lines',
          'name the gift card or package lines to give back',
        )
      : new DomainError('conflict', 'conflict', 'Everything on this order has been refunded already.');
  }
  if (only && amount > only.amount - only.refunded) {
    const most = money(only.amount - only.refunded);
    throw invalid(`At most ${most} can be refunded on this payment.`, 'amount', `must be at most ${most}`);
  }
  const reason = input.reason?.trim() || 'Refund';
  const method = input.method;

  // Before anything is closed, the gateway must be able to take the card refunds as planned (a
  // payment it has not settled yet can only be given back whole): to the card, a part of it is then
  // owed until it settles; cash and gift cards take it at once.
  const parts = only ? [{ tenderId: only.id, amount }] : allocateRefund(tenders, amount);
  const toCard = (t: TenderRow) => t.method === 'card' && t.paymentId && (method ?? 'card') === 'card';
  if (method === 'card' && !parts.some((p) => tenders.find((t) => t.id === p.tenderId)!.method === 'card')) {
    throw invalid('Nothing of this refund was paid by card.', 'method', 'the order was not paid by card');
  }
  const queued = new Set<string>();
  for (const part of parts) {
    const tender = tenders.find((t) => t.id === part.tenderId)!;
    if (!toCard(tender)) continue;
    try {
      await checkRefundable(deps, tender.paymentId!, part.amount);
    } catch (err) {
      if (method === 'card' && err instanceof DomainError && err.code === 'payment_not_settled') {
        queued.add(tender.id);
      } else throw err;
    }
  }
  const target =
    method === 'gift_card' ? await giftCardTarget(deps.db, deps, order, input.giftCardCode) : null;
  const receiptParts: { how: string; amount: number; note?: string | undefined }[] = [];
  const cardNames = await cardLabels(
    deps.db,
    parts.flatMap((p) => tenders.find((t) => t.id === p.tenderId)?.paymentId ?? []),
  );
  // The part of the money that was gift cards sold never counted as sales, so it is not a sales refund.
  let notSales = giftCardValue;
  let moneyBack = 0;
  // Once a card refund has been sent, the gateway may have paid it back whatever happens next.
  let sent = false;
  const voided: { giftCardId: string; amount: number }[] = [];
  const closed: ClosedPackage[] = [];
  // The lines given back are taken first, under the order's lock, as they were read: a refund of
  // the same lines at the same moment finds them changed and stops before any money moves.
  await deps.db.transaction(async (tx) => {
    await lockOrder(tx, orderId);
    for (const g of given) {
      const line = lines.find((l) => l.id === g.lineId)!;
      const [taken] = await tx
        .update(orderLines)
        .set({ refundedQuantity: line.refundedQuantity + g.quantity })
        .where(and(eq(orderLines.id, line.id), eq(orderLines.refundedQuantity, line.refundedQuantity)))
        .returning({ id: orderLines.id });
      if (!taken) throw refundedMeanwhile();
    }
  });
  try {
    // The cards first: once closed, nothing more can be spent from them while the money goes back.
    for (const { line } of giftCardLines) {
      const { entry } = await deps.db.transaction((tx) =>
        voidGiftCard(tx, line.giftCardId!, { reason: `Refunded on order #${order.number}`, orderId, actor }),
      );
      voided.push({ giftCardId: line.giftCardId!, amount: -entry.amount });
    }
    // Packages too: their credits end before the money goes back, at no more than was shown.
    for (const { line, value } of packageLines) {
      closed.push(
        await deps.db.transaction(async (tx) => {
          const now = await closePackageForRefund(tx, line.packageId!, { orderId, actor, now: at });
          if (Math.min(now.value, line.total) < value) {
            throw new DomainError(
              'conflict',
              'conflict',
              `Credits of ${line.name} were used meanwhile: its unused value is now ${money(now.value)}. Check the refund again.`,
            );
          }
          return now;
        }),
      );
    }
    for (const part of parts) {
      const excluded = Math.min(part.amount, notSales);
      notSales -= excluded;
      const tender = tenders.find((t) => t.id === part.tenderId)!;
      const owed = queued.has(tender.id);
      const viaGateway = toCard(tender) && !owed;
      if (viaGateway) {
        // Outside any transaction: the gateway is called, then its answer is written here.
        sent = true;
        await refundPayment(deps, tender.paymentId!, { amount: part.amount, reason }, actor);
      }
      await deps.db.transaction(async (tx) => {
        // Onto a gift card first: a new store credit card has its last four digits only then.
        if (target) await putOnGiftCard(tx, deps, target, { order, amount: part.amount, reason, actor, at });
        const words = refundWords(
          target
            ? { method: 'gift_card', last4: target.last4, newCard: target.kind === 'new' }
            : method === 'cash' || tender.method === 'cash'
              ? { method: 'cash' }
              : tender.method === 'gift_card'
                ? { method: 'gift_card_tender', last4: await giftCardLast4(tx, tender.giftCardId) }
                : tender.method === 'cart'
                  ? { method: 'cart_tender' }
                  : { method: 'card', queued: owed, card: cardNames.get(tender.paymentId ?? '') ?? null },
        );
        await recordRefund(
          tx,
          orderId,
          {
            ...part,
            sales: part.amount - excluded,
            method: target ? 'gift_card' : method === 'cash' ? 'cash' : undefined,
          },
          `${money(part.amount)} back ${words.history}: ${reason}`,
          actor,
          at,
          // A card refund the gateway has made is written down whatever; all other money goes back
          // only if it still fits, now that the order is locked.
          { guard: !viaGateway },
        );
        if (owed) {
          // Owed to the card until the payment settles; the job sends it then.
          await queueRefund(tx, {
            paymentId: tender.paymentId!,
            orderId,
            amount: part.amount,
            reason,
            actor,
            at,
          });
        } else if (!target && method !== 'cash' && tender.method === 'gift_card' && tender.giftCardId) {
          // Back onto the card it was paid with, in the same transaction as the order's record.
          await refundToGiftCard(tx, tender.giftCardId, { amount: part.amount, orderId, reason, actor });
        }
        receiptParts.push({ how: words.receipt, amount: part.amount, note: words.note });
      });
      moneyBack += part.amount;
    }
  } catch (err) {
    // Nothing went back (stopped before any card refund was sent, or the gateway refused the first
    // one): the packages and gift cards closed for it stay usable. A gateway that did not answer,
    // or anything after an answer, may still have refunded: they stay closed for staff to settle.
    // A refund the payment itself refuses as asked (a conflict, a bad amount) was never sent.
    const refused =
      err instanceof DomainError &&
      (err.code === 'payment_declined' || err.kind === 'conflict' || err.kind === 'invalid_input');
    if (moneyBack === 0 && (!sent || refused)) {
      if (given.length > 0) {
        await deps.db.transaction(async (tx) => {
          for (const g of given) {
            await tx
              .update(orderLines)
              .set({ refundedQuantity: sql`${orderLines.refundedQuantity} - ${g.quantity}` })
              .where(eq(orderLines.id, g.lineId));
          }
        });
      }
      for (const c of closed) {
        await deps.db.transaction((tx) => reopenPackage(tx, c, { orderId, actor, now: at }));
      }
      for (const card of voided.filter((v) => v.amount > 0)) {
        const reason = `Refund on order #${order.number} not made: the card is open again`;
        await deps.db.transaction((tx) =>
          reinstateGiftCard(tx, card.giftCardId, { amount: card.amount, reason, orderId, actor }),
        );
      }
    }
    throw err;
  }

  await deps.db.transaction(async (tx) => {
    await mailRefundReceipt(tx, deps, {
      order,
      lines: given.map((g) => ({ name: lines.find((l) => l.id === g.lineId)!.name, quantity: g.quantity })),
      parts: receiptParts,
      reason: input.reason?.trim() || null,
      target,
      at,
    });
    if (given.length === 0) return;
    for (const g of given) {
      const line = lines.find((l) => l.id === g.lineId)!;
      const { credits } = splitReturn(line, g.quantity);
      if (credits > 0 && line.packageId && line.itemId) {
        await returnCredits(tx, [{ packageId: line.packageId, itemId: line.itemId, quantity: credits }], {
          orderId,
          actor,
          now: at,
        });
      }
      if (input.restock && line.tracksStock && line.itemId) {
        await moveStock(tx, {
          itemId: line.itemId,
          kind: 'return',
          quantity: g.quantity,
          reason: `Returned from order #${order.number}`,
          actor,
          orderId,
        });
      }
    }
    const returnedCost = input.restock
      ? given.reduce((sum, g) => {
          const line = lines.find((l) => l.id === g.lineId)!;
          return sum + (line.tracksStock ? line.unitCost * g.quantity : 0);
        }, 0)
      : 0;
    if (returnedCost > 0) {
      await tx.insert(orderRefunds).values({
        id: newId('orf'),
        orderId,
        channel: order.channel,
        amount: 0,
        tax: 0,
        net: 0,
        cost: returnedCost,
        createdAt: at,
      });
    }
    await tx.insert(orderHistory).values({
      id: newId('ohs'),
      orderId,
      kind: 'return',
      detail: `${given.map((g) => `${g.quantity} × ${lines.find((l) => l.id === g.lineId)!.name}`).join(', ')} given back${input.restock ? ', put back in stock' : ''}`,
      ...actorColumns(actor),
      createdAt: at,
    });
  });
  const refunded = await getOrder(deps.db, orderId);
  return target?.kind === 'new' && target.id && target.code
    ? {
        ...refunded,
        storeCredit: {
          giftCardId: target.id,
          code: groupedCode(target.code),
          maskedCode: maskedCode(target.code.slice(-4)),
          amount: target.amount,
          emailedTo: deps.mailer ? order.customerEmail : null,
        },
      }
    : refunded;
}

async function giftCardLast4(tx: Tx, id: string | null): Promise<string | null> {
  return id ? (await getGiftCard(tx, id)).maskedCode.slice(-4) : null;
}

const refundedMeanwhile = () =>
  new DomainError(
    'conflict',
    'conflict',
    'Another refund of this order was made meanwhile: look at the order again and refund what is left.',
  );

/** Locks the order's row: refunds of one order write to it one at a time. */
export async function lockOrder(tx: Tx, orderId: string): Promise<void> {
  await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, orderId)).for('update');
}

/**
 * One refund on one tender: the tender, the order's refunded total and payment status, the history.
 * The order is locked first; with `guard`, a part that no longer fits the tender, or would reach into
 * the value of gift cards and packages the order sold and still holds, is refused and nothing changes.
 */
export async function recordRefund(
  tx: Tx,
  orderId: string,
  part: {
    tenderId: string;
    amount: number;
    sales: number;
    /** How the money goes back when not the tender's own way (cash for a card, onto a gift card). */
    method?: TenderRow['method'] | undefined;
  },
  detail: string,
  actor: Actor,
  at: Date,
  options: { guard: boolean },
): Promise<void> {
  await lockOrder(tx, orderId);
  if (options.guard) {
    const [tender] = await tx
      .select({ amount: orderTenders.amount, refunded: orderTenders.refunded })
      .from(orderTenders)
      .where(eq(orderTenders.id, part.tenderId));
    const [order] = await tx
      .select({ total: orders.total, refunded: orders.refunded })
      .from(orders)
      .where(eq(orders.id, orderId));
    const open = await tx
      .select({ total: orderLines.total })
      .from(orderLines)
      .where(
        and(
          eq(orderLines.orderId, orderId),
          sql`(${orderLines.giftCardId} is not null or (${orderLines.kind} = 'package' and ${orderLines.packageId} is not null))`,
          sql`${orderLines.refundedQuantity} < ${orderLines.quantity}`,
        ),
      );
    const held = open.reduce((sum, l) => sum + l.total, 0);
    if (
      tender!.refunded + part.amount > tender!.amount ||
      order!.refunded + part.amount > order!.total - held
    ) {
      throw refundedMeanwhile();
    }
  }
  const [paidWith] = await tx
    .update(orderTenders)
    .set({ refunded: sql`${orderTenders.refunded} + ${part.amount}` })
    .where(eq(orderTenders.id, part.tenderId))
    .returning({ method: orderTenders.method });
  const [before] = await tx
    .select({
      paymentStatus: orders.paymentStatus,
      channel: orders.channel,
      total: orders.total,
      tax: orders.tax,
      refunded: orders.refunded,
      giftCardsSold: orders.giftCardsSold,
    })
    .from(orders)
    .where(eq(orders.id, orderId))
    .for('update');
  const refunded = before!.refunded + part.amount;
  const paymentStatus = paymentStatusAfterRefunds(before!.total, refunded);
  await tx.update(orders).set({ refunded, paymentStatus, updatedAt: at }).where(eq(orders.id, orderId));
  // The tax in what is given back, in the order's own proportion of tax to what it sold.
  const sold = before!.total - before!.giftCardsSold;
  const tax = sold > 0 ? divideRounded(part.sales * before!.tax, sold) : 0;
  await tx.insert(orderRefunds).values({
    id: newId('orf'),
    orderId,
    channel: before!.channel,
    amount: part.sales,
    tax,
    net: part.sales - tax,
    cost: 0,
    method: part.method ?? paidWith!.method,
    tenderId: part.tenderId,
    giftCards: part.amount - part.sales,
    createdAt: at,
  });
  await tx.insert(orderHistory).values({
    id: newId('ohs'),
    orderId,
    kind: 'refund',
    fromStatus: before!.paymentStatus,
    toStatus: paymentStatus,
    detail,
    ...actorColumns(actor),
    createdAt: at,
  });
  await publishEvent(tx, 'order.updated', { id: orderId, paymentStatus });
}

/**
 * A refund started from a card payment: when the payment was taken for an order it is the order's
 * refund, on that payment only (the order, its history and the sales report show it); a payment
 * of no order is refunded on its own.
 */
export async function refundCardPayment(
  deps: PaymentDeps & RefundServices,
  paymentId: string,
  input: { amount?: number | undefined; reason?: string | undefined },
  actor: Actor,
): Promise<PaymentDetail> {
  const [tender] = await deps.db
    .select({ orderId: orderTenders.orderId })
    .from(orderTenders)
    .where(eq(orderTenders.paymentId, paymentId));
  if (!tender) return refundPayment(deps, paymentId, input, actor);
  await refundOrder(deps, tender.orderId, { ...input, paymentId }, actor);
  return getPayment(deps.db, paymentId);
}
