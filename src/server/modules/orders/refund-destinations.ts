import type { RefundMethod } from '../../../contracts/orders.js';
import type { Actor } from '../../platform/auth.js';
import type { Tx } from '../../platform/db.js';
import { DomainError } from '../../platform/errors.js';
import type { Mailer } from '../../platform/mail.js';
import { formatMoney } from '../../platform/money.js';
import {
  emailGiftCard,
  type GiftCardVault,
  giftCardByCode,
  issueGiftCard,
  maskedCode,
  refundToGiftCard,
} from '../giftcards/index.js';
import { customerMail, refundReceiptMail } from '../notifications/index.js';
import { getSettings } from '../settings/index.js';
import type { OrderRow } from './orders.js';

/** What a refund needs beyond the gateway: gift cards to put store credit on, and the receipt's mail. */
export interface RefundServices {
  mailer?: Mailer | undefined;
  giftCardVault?: GiftCardVault | undefined;
  shopUrl?: string | undefined;
}

/** The gift card a refund puts its money on: one the customer brought, or a new one to issue. */
export type GiftCardTarget =
  | { kind: 'existing'; id: string; last4: string }
  | { kind: 'new'; id: string | null; code: string | null; last4: string | null; amount: number };

const invalidCode = (message: string, detail: string) =>
  new DomainError('invalid_input', 'validation_failed', detail, {
    errors: [{ path: 'giftCardCode', message }],
  });

/** Checks, before anything moves, the card a refund is to go onto; a new one is issued later. */
export async function giftCardTarget(
  db: Tx,
  services: RefundServices,
  order: Pick<OrderRow, 'currency'>,
  code: string | undefined,
): Promise<GiftCardTarget> {
  if (!services.giftCardVault) {
    throw new DomainError('conflict', 'conflict', 'Gift cards cannot be issued here.');
  }
  if (code === undefined) return { kind: 'new', id: null, code: null, last4: null, amount: 0 };
  const card = await giftCardByCode(db, services.giftCardVault, code);
  if (!card) throw invalidCode('is not a gift card of this shop', 'No gift card has this code.');
  if (card.currency !== order.currency) {
    throw new DomainError(
      'conflict',
      'gift_card_inactive',
      `The gift card •••• ${card.last4} is in ${card.currency}.`,
    );
  }
  if (card.status !== 'active') {
    throw new DomainError(
      'conflict',
      'gift_card_inactive',
      `The gift card •••• ${card.last4} is ${card.status}.`,
    );
  }
  return { kind: 'existing', id: card.id, last4: card.last4 };
}

/**
 * Puts `amount` onto the target card as a refund, in `tx` (the order's record of it): a new card is
 * issued empty to the order's customer first, its code emailed to them when they have an email.
 */
export async function putOnGiftCard(
  tx: Tx,
  services: RefundServices,
  target: GiftCardTarget,
  input: { order: OrderRow; amount: number; reason: string; actor: Actor; at: Date },
): Promise<void> {
  const { order } = input;
  if (target.kind === 'new' && target.id === null) {
    const settings = await getSettings(tx);
    const issued = await issueGiftCard(tx, services.giftCardVault!, {
      amount: 0,
      currency: order.currency,
      ownerEmail: order.customerEmail,
      customerId: order.customerId,
      notes: `Store credit from a refund on order #${order.number}`,
      serialPrefix: settings.giftCards.serialPrefix,
      actor: input.actor,
      at: input.at,
    });
    target.id = issued.id;
    target.code = issued.code;
    target.last4 = issued.code.slice(-4);
  }
  await refundToGiftCard(tx, target.id!, {
    amount: input.amount,
    orderId: order.id,
    reason: `Refund on order #${order.number}: ${input.reason}`,
    actor: input.actor,
  });
  if (target.kind === 'new') target.amount += input.amount;
}

/** How the customer's receipt and the order's history name one way the money went back. */
export function refundWords(way: {
  method: RefundMethod | 'gift_card_tender' | 'cart_tender';
  queued?: boolean;
  card?: string | null;
  last4?: string | null;
  newCard?: boolean;
}): { history: string; receipt: string; note?: string } {
  switch (way.method) {
    case 'card':
      return way.queued
        ? {
            history: 'to the card once the payment settles (pending)',
            receipt: `Back to your card ${way.card ?? ''}`.trim(),
            note: 'Your card payment has not yet been settled by the bank: the refund is sent to the card as soon as it is (usually the next business day), and then takes a few business days to show on your statement',
          }
        : { history: 'to the card', receipt: `Back to your card ${way.card ?? ''}`.trim() };
    case 'cash':
      return { history: 'in cash', receipt: 'In cash' };
    case 'cart_tender':
      return {
        history: 'through the cart it was paid in (give it back there too)',
        receipt: 'Back through the web shop you paid in',
      };
    case 'gift_card_tender':
      return {
        history: 'to the gift card',
        receipt: `Back onto your gift card ${maskedCode(way.last4 ?? '')}`,
      };
    case 'gift_card':
      return way.newCard
        ? {
            history: `onto a new store credit gift card ${maskedCode(way.last4 ?? '')}`,
            receipt: `Onto a new gift card ${maskedCode(way.last4 ?? '')}`,
            note: 'Its code comes in a separate email; spend it in store or online',
          }
        : {
            history: `onto the gift card ${maskedCode(way.last4 ?? '')}`,
            receipt: `Onto your gift card ${maskedCode(way.last4 ?? '')}`,
          };
  }
}

/**
 * The refund receipt and, for a new store credit card, its code: queued in `tx` when the order has
 * the customer's email. One receipt when the refund is recorded, saying when a card refund still
 * owed will be sent; none again when it is sent.
 */
export async function mailRefundReceipt(
  tx: Tx,
  services: RefundServices,
  input: {
    order: OrderRow;
    lines: { name: string; quantity: number }[];
    parts: { how: string; amount: number; note?: string | undefined }[];
    reason: string | null;
    target: GiftCardTarget | null;
    at: Date;
  },
): Promise<void> {
  const { order } = input;
  if (!services.mailer || !order.customerEmail || input.parts.length === 0) return;
  const settings = await getSettings(tx);
  const money = (minor: number) => formatMoney(minor, order.currency);
  const when = new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: settings.timeZone,
  }).format(input.at);
  await services.mailer.queue(tx, {
    to: order.customerEmail,
    template: 'order.refund',
    ...customerMail(
      settings.portal.htmlEmail,
      refundReceiptMail(
        settings.businessName,
        {
          number: order.number,
          lines: input.lines,
          parts: input.parts,
          total: input.parts.reduce((sum, p) => sum + p.amount, 0),
          at: when,
          reason: input.reason,
        },
        money,
      ),
    ),
  });
  const target = input.target;
  if (target?.kind === 'new' && target.code) {
    await emailGiftCard(
      tx,
      {
        mailer: services.mailer,
        businessName: settings.businessName,
        shopUrl: services.shopUrl ?? '',
        htmlEmail: settings.portal.htmlEmail,
      },
      {
        to: order.customerEmail,
        code: target.code,
        initialAmount: target.amount,
        currency: order.currency,
        message: null,
        from: null,
      },
    );
  }
}
