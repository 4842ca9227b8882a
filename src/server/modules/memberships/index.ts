// What other modules may use of memberships.

export {
  type ClosedPackage,
  closePackageForRefund,
  customerPerks,
  getPackage,
  reopenPackage,
  returnCredits,
  spendCredits,
  startPackage,
} from './packages.js';
export { type RenewalDeps, type RenewalReport, renewDueSubscriptions } from './renew-subscriptions.js';
export {
  type StartSubscriptionInput,
  startMembershipsSold,
  startSubscription,
} from './start-subscription.js';
