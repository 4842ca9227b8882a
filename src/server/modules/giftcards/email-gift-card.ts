import type { Tx } from '../../platform/db.js';
import type { Mailer } from '../../platform/mail.js';
import { formatMoney } from '../../platform/money.js';
import { customerMail, giftCardMail } from '../notifications/index.js';
import { groupedCode, maskedCode } from './gift-card.js';
import { messageText, sanitiseMessage } from './message-html.js';

/**
 * Queues the email that delivers a virtual card to its owner, in `tx` (the card's own
 * transaction): the code goes out only if the card is really there.
 */
export async function emailGiftCard(
  tx: Tx,
  shop: { mailer: Mailer; businessName: string; shopUrl: string; htmlEmail: boolean },
  card: {
    to: string;
    code: string;
    initialAmount: number;
    currency: string;
    message: string | null;
    from: string | null;
  },
): Promise<void> {
  // The message was sanitised when the card was issued; again here, as it goes into an email.
  const html = card.message ? sanitiseMessage(card.message) : '';
  await shop.mailer.queue(tx, {
    to: card.to,
    template: 'gift_card.issued',
    ...customerMail(
      shop.htmlEmail,
      giftCardMail(shop.businessName, {
        amount: formatMoney(card.initialAmount, card.currency),
        code: groupedCode(card.code),
        maskedCode: maskedCode(card.code.slice(-4)),
        from: card.from,
        message: html ? { html, text: messageText(html) } : null,
        shopUrl: shop.shopUrl,
      }),
    ),
  });
}
