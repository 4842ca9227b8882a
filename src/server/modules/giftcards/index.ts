// What other modules may use of gift cards.
export {
  adjustGiftCard,
  type Moved,
  redeemGiftCard,
  refundToGiftCard,
  reinstateGiftCard,
  reloadGiftCard,
  setGiftCardStatus,
  voidGiftCard,
} from './change-gift-card.js';
export { checkGiftCardBalance, giftCardGuesses } from './check-gift-card-balance.js';
export { GiftCardVault } from './code-vault.js';
export { emailGiftCard } from './email-gift-card.js';
export { groupedCode, maskedCode, normaliseCode } from './gift-card.js';
export { giftCardLiability } from './gift-card-liability.js';
export { type IssueInput, issueGiftCard } from './issue-gift-card.js';
export { messageText, sanitiseMessage } from './message-html.js';
export {
  getGiftCard,
  giftCardByCode,
  giftCardLabels,
  listGiftCards,
  ownedGiftCards,
} from './read-gift-cards.js';
