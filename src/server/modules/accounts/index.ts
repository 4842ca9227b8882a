// What other modules may use of customer accounts.
export { openConfirmedAccount } from './customer-accounts.js';
