// What other modules may use: the email templates.
export {
  alreadyRegisteredMail,
  confirmAccountMail,
  type GiftCardMailContent,
  giftCardMail,
  orderReceiptMail,
  orderShippedMail,
  type Receipt,
  type RenderedMail,
  renderMail,
  resetPasswordMail,
  staffInvitationMail,
  testMail,
} from './templates.js';
