// What other modules may use of memberships.

export { memberDiscount } from './member-discount.js';
export { type RenewalDeps, type RenewalReport, renewDueSubscriptions } from './renew-subscriptions.js';
export { type StartSubscriptionInput, startSubscription } from './start-subscription.js';
