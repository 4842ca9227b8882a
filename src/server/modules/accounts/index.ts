// What other modules may use of customer accounts.
export { openConfirmedAccount } from './customer-accounts.js';
export { guestActor, guestOrderOwner } from './guest-orders.js';
