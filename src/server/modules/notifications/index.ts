// What other modules may use: the email templates.
export {
  alreadyRegisteredMail,
  confirmAccountMail,
  type GiftCardMailContent,
  giftCardMail,
  type MembershipMailContent,
  membershipCancelledMail,
  membershipCardUpdatedMail,
  orderReceiptMail,
  orderShippedMail,
  type Receipt,
  type RenderedMail,
  renderMail,
  renewalDeclinedMail,
  resetPasswordMail,
  staffInvitationMail,
  testMail,
} from './templates.js';
