// What other modules may use of memberships.

export {
  type ClosedPackage,
  closePackageForRefund,
  customerPackagesOf,
  customerPerks,
  getPackage,
  packageNames,
  reopenPackage,
  returnCredits,
  spendCredits,
  startPackage,
} from './packages.js';
export { customerSubscriptions, membershipsToWatch } from './read-subscriptions.js';
export { type RenewalDeps, type RenewalReport, renewDueSubscriptions } from './renew-subscriptions.js';
export {
  type StartSubscriptionInput,
  startMembershipsSold,
  startSubscription,
} from './start-subscription.js';
