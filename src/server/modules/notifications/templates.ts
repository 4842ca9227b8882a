import { addressLines, type PrintableAddress } from '../../../contracts/address-format.js';
import { escapeHtml, type MailSecret } from '../../platform/mail.js';

/** Every email has an HTML and a plain-text part, made from the same content. */
export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
  /** What only the recipient may read (one-time links, gift card codes), and what staff see instead. */
  secrets?: MailSecret[];
}

/**
 * A one-time link as a secret: staff see where it leads, with every query value hidden
 * (`…/shop/reset-password?token=•••`).
 */
export function secretLink(url: string): MailSecret {
  const [path, query] = url.split('?', 2);
  const shown =
    query === undefined
      ? `${path}?•••`
      : `${path}?${query
          .split('&')
          .map((pair) => `${pair.split('=', 1)[0]}=•••`)
          .join('&')}`;
  return { value: url, shown };
}

/**
 * A customer's email as the shop's setting has it: HTML with a plain-text part, or plain text
 * alone (no HTML part at all).
 */
export const customerMail = (htmlEmail: boolean, mail: RenderedMail) =>
  htmlEmail ? mail : { ...mail, html: null };

export interface MailContent {
  businessName: string;
  subject: string;
  heading: string;
  /** Plain paragraphs; escaped for HTML. */
  paragraphs: string[];
  /** A block already made safe (sanitised HTML) and its text form, after the first paragraph. */
  quote?: { html: string; text: string };
  action?: { label: string; url: string };
  secrets?: MailSecret[];
}

export function renderMail(c: MailContent): RenderedMail {
  const paragraph = (p: string) => `<p style="margin:0 0 16px;line-height:1.5">${escapeHtml(p)}</p>`;
  const quote = c.quote
    ? `<blockquote style="margin:0 0 16px;padding:12px 16px;border-left:4px solid #1f6f5c;background:#f4f5f4">${c.quote.html}</blockquote>`
    : '';
  const htmlParagraphs = [
    ...c.paragraphs.slice(0, 1).map(paragraph),
    ...(quote ? [quote] : []),
    ...c.paragraphs.slice(1).map(paragraph),
  ].join('\n');
  const action = c.action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(c.action.url)}" style="background:#1f6f5c;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">${escapeHtml(c.action.label)}</a></p>`
    : '';
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(c.subject)}</title></head>
<body style="margin:0;padding:24px;background:#f4f5f4;font-family:system-ui,sans-serif;color:#1d2421">
<div style="max-width:560px;margin:0 auto;background:#fff;border-radius:8px;padding:32px">
<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(c.heading)}</h1>
${htmlParagraphs}
${action}
<p style="margin:32px 0 0;font-size:12px;color:#5b6661">${escapeHtml(c.businessName)}</p>
</div></body></html>`;
  const text = [
    c.heading,
    '',
    ...c.paragraphs.slice(0, 1).flatMap((p) => [p, '']),
    ...(c.quote ? [c.quote.text.replace(/^/gm, '> '), ''] : []),
    ...c.paragraphs.slice(1).flatMap((p) => [p, '']),
    ...(c.action ? [`${c.action.label}: ${c.action.url}`, ''] : []),
    '--',
    c.businessName,
    '',
  ].join('\n');
  return { subject: c.subject, html, text, ...(c.secrets ? { secrets: c.secrets } : {}) };
}

export function testMail(businessName: string, sentBy: string): RenderedMail {
  return renderMail({
    businessName,
    subject: `Test email from ${businessName}`,
    heading: 'Your email settings work',
    paragraphs: [
      `${sentBy} sent this test from the back office of ${businessName}.`,
      'If you can read this, customers will receive their receipts, gift cards and account emails.',
    ],
  });
}

export function confirmAccountMail(businessName: string, link: string): RenderedMail {
  return renderMail({
    businessName,
    subject: `Confirm your ${businessName} account`,
    heading: 'Confirm your email address',
    paragraphs: [
      `Someone — we hope you — signed up for an online account at ${businessName} with this email address.`,
      'Confirm it within 24 hours to start using your account. If it was not you, ignore this email.',
    ],
    action: { label: 'Confirm my account', url: link },
    secrets: [secretLink(link)],
  });
}

export function alreadyRegisteredMail(businessName: string, resetLink: string): RenderedMail {
  return renderMail({
    businessName,
    subject: `You already have a ${businessName} account`,
    heading: 'You already have an account',
    paragraphs: [
      `Someone tried to sign up at ${businessName} with this email address, which already has an account.`,
      'If you forgot your password, you can choose a new one (the link works for 30 minutes). If it was not you, ignore this email.',
    ],
    action: { label: 'Choose a new password', url: resetLink },
    secrets: [secretLink(resetLink)],
  });
}

export function resetPasswordMail(businessName: string, link: string): RenderedMail {
  return renderMail({
    businessName,
    subject: `Reset your ${businessName} password`,
    heading: 'Choose a new password',
    paragraphs: [
      'Someone asked to reset the password of your online account. The link works once, for 30 minutes.',
      'If it was not you, ignore this email: your password stays as it is.',
    ],
    action: { label: 'Choose a new password', url: link },
    secrets: [secretLink(link)],
  });
}

export function staffInvitationMail(
  businessName: string,
  invitedBy: string,
  role: string,
  link: string,
): RenderedMail {
  return renderMail({
    businessName,
    subject: `You are invited to ${businessName} on Tandem`,
    heading: `Join ${businessName}`,
    paragraphs: [
      `${invitedBy} invited you to the back office of ${businessName} as ${role}.`,
      'Choose your password to accept. The link works once, for 7 days.',
    ],
    action: { label: 'Accept the invitation', url: link },
    secrets: [secretLink(link)],
  });
}

export function orderShippedMail(
  businessName: string,
  shipment: { number: number; courier: string; trackingId: string; trackingUrl: string | null },
): RenderedMail {
  return renderMail({
    businessName,
    subject: `Your order #${shipment.number} is on its way`,
    heading: `Order #${shipment.number} has shipped`,
    paragraphs: [
      `Your order from ${businessName} is on its way with ${shipment.courier}.`,
      `Tracking number: ${shipment.trackingId}`,
      shipment.trackingUrl
        ? 'Follow your parcel with the link below.'
        : `Track it on ${shipment.courier}’s website with this number.`,
    ],
    ...(shipment.trackingUrl ? { action: { label: 'Track my parcel', url: shipment.trackingUrl } } : {}),
  });
}

export interface Receipt {
  number: number;
  currency: string;
  lines: { name: string; quantity: number; total: number }[];
  discount: number;
  tax: number;
  total: number;
  pricesIncludeTax: boolean;
  tenders: { label: string; amount: number }[];
  change: number;
  delivery: 'shipping' | 'pickup' | null;
  shippingAddress?: PrintableAddress | null;
  /**
   * For an order placed without signing in: how to see it in an online account (a sign-up link
   * with the email filled in, or a one-time link that adds the order to the account of that email).
   */
  invitation?: { text: string; label: string; url: string; secret: boolean } | null;
}

/** The receipt of a sale at the register or online, as the customer keeps it. */
export function orderReceiptMail(
  businessName: string,
  receipt: Receipt,
  money: (minor: number) => string,
): RenderedMail {
  return renderMail({
    businessName,
    subject: `Your receipt from ${businessName} — order #${receipt.number}`,
    heading: `Thank you for your order #${receipt.number}`,
    paragraphs: [
      ...receipt.lines.map((l) => `${l.quantity} × ${l.name}: ${money(l.total)}`),
      ...(receipt.discount > 0 ? [`Discounts: −${money(receipt.discount)}`] : []),
      receipt.pricesIncludeTax ? `Tax included: ${money(receipt.tax)}` : `Tax: ${money(receipt.tax)}`,
      `Total: ${money(receipt.total)}`,
      ...receipt.tenders.map((t) => `Paid ${t.label}: ${money(t.amount)}`),
      ...(receipt.change > 0 ? [`Change: ${money(receipt.change)}`] : []),
      receipt.delivery === 'shipping'
        ? 'We will email you again when your order ships, with its tracking number.'
        : receipt.delivery === 'pickup'
          ? 'We will have it ready for you to collect in store.'
          : 'Keep this email as your receipt.',
      ...(receipt.shippingAddress
        ? [`Delivered to: ${addressLines(receipt.shippingAddress).join(', ')}`]
        : []),
      ...(receipt.invitation ? [receipt.invitation.text] : []),
    ],
    ...(receipt.invitation
      ? {
          action: { label: receipt.invitation.label, url: receipt.invitation.url },
          ...(receipt.invitation.secret ? { secrets: [secretLink(receipt.invitation.url)] } : {}),
        }
      : {}),
  });
}

export interface RefundReceipt {
  number: number;
  /** The lines given back, if any; an amount alone otherwise. */
  lines: { name: string; quantity: number }[];
  /** Each way the money went back, e.g. "In cash", with when it reaches the customer. */
  parts: { how: string; amount: number; note?: string | undefined }[];
  total: number;
  at: string;
  reason: string | null;
}

/** What a refund gave back and how, as the customer keeps it: sent when the refund is recorded. */
export function refundReceiptMail(
  businessName: string,
  refund: RefundReceipt,
  money: (minor: number) => string,
): RenderedMail {
  return renderMail({
    businessName,
    subject: `Your refund from ${businessName} — order #${refund.number}`,
    heading: `Refund on order #${refund.number}`,
    paragraphs: [
      `We have given you back ${money(refund.total)} on ${refund.at}.`,
      ...refund.lines.map((l) => `Returned: ${l.quantity} × ${l.name}`),
      ...(refund.reason ? [`Reason: ${refund.reason}`] : []),
      ...refund.parts.map((p) => `${p.how}: ${money(p.amount)}${p.note ? `. ${p.note}` : ''}`),
      'Keep this email as your refund receipt.',
    ],
  });
}

export interface GiftCardMailContent {
  amount: string;
  /** The full code, grouped for reading: "6061 2345 6789 0123". */
  code: string;
  /** What staff see of the code in the mailbox: "•••• 0123". */
  maskedCode: string;
  from: string | null;
  /** The sender's message, sanitised HTML and its text form. */
  message: { html: string; text: string } | null;
  shopUrl: string;
}

/** A virtual gift card as its owner receives it: amount, code, message, and how to use it. */
export function giftCardMail(businessName: string, card: GiftCardMailContent): RenderedMail {
  return renderMail({
    businessName,
    subject: card.from
      ? `${card.from} sent you a ${card.amount} gift card for ${businessName}`
      : `Your ${card.amount} gift card for ${businessName}`,
    heading: `A ${card.amount} gift card for ${businessName}`,
    paragraphs: [
      card.from
        ? `${card.from} sent you a gift card${card.message ? ' with a message:' : '.'}`
        : 'Here is your gift card.',
      `Your code: ${card.code}`,
      `Online: sign in at ${card.shopUrl} and enter the code at checkout.`,
      'In store: show this email at the till, or tell the cashier the code.',
      'You can spend it in parts: what you do not spend stays on the card. Keep this email safe: anyone with the code can use it.',
    ],
    ...(card.message ? { quote: card.message } : {}),
    action: { label: 'Check your balance', url: `${card.shopUrl}/gift-cards/balance` },
    secrets: [{ value: card.code, shown: card.maskedCode }],
  });
}

export interface MembershipMailContent {
  plan: string;
  amount: string;
  /** Where the customer manages it (My account → Recurring orders). */
  link: string;
}

/** A renewal was declined: when it is tried again, and where to change the card. */
export function renewalDeclinedMail(
  businessName: string,
  m: MembershipMailContent & { reason: string; nextTry: string | null },
): RenderedMail {
  return renderMail({
    businessName,
    subject: `We could not renew your ${m.plan}`,
    heading: `Your ${m.plan} payment did not go through`,
    paragraphs: [
      `We tried to charge ${m.amount} to your card on file and the bank answered: ${m.reason}.`,
      m.nextTry
        ? `We will try again on ${m.nextTry}. To use another card, update it in your account before then.`
        : 'We will not try again: your membership is past due, and its benefits stop until you update your card.',
    ],
    action: { label: 'Update your card', url: m.link },
  });
}

/** A renewal was paid: what was charged, to which card, for which period, and when the next one is. */
export function renewalReceiptMail(
  businessName: string,
  m: MembershipMailContent & { card: string; number: number; period: string; nextPayment: string | null },
): RenderedMail {
  return renderMail({
    businessName,
    subject: `Your ${m.plan} is renewed (receipt #${m.number})`,
    heading: `Thank you: your ${m.plan} is renewed`,
    paragraphs: [
      `We charged ${m.amount} to ${m.card} for ${m.period}. Receipt #${m.number}.`,
      m.nextPayment
        ? `Your next payment is on ${m.nextPayment}. You can change the card or cancel in your account.`
        : 'It will not renew again after this period.',
    ],
    action: { label: 'Your recurring orders', url: m.link },
  });
}

export function membershipCardUpdatedMail(
  businessName: string,
  m: MembershipMailContent & { card: string },
): RenderedMail {
  return renderMail({
    businessName,
    subject: `Your ${m.plan} now renews on ${m.card}`,
    heading: 'Card updated',
    paragraphs: [`Your ${m.plan} (${m.amount}) will be charged to ${m.card} from its next renewal on.`],
    action: { label: 'Your recurring orders', url: m.link },
  });
}

export function membershipCancelledMail(
  businessName: string,
  m: MembershipMailContent & { endsOn: string },
): RenderedMail {
  return renderMail({
    businessName,
    subject: `Your ${m.plan} is cancelled`,
    heading: `Your ${m.plan} is cancelled`,
    paragraphs: [
      `It will not renew again. You keep its benefits until ${m.endsOn}.`,
      'Changed your mind? Buy it again from the shop at any time.',
    ],
    action: { label: 'Your recurring orders', url: m.link },
  });
}
