// What other modules may use of the overviews: nothing sits above them but their routes.
export { customerSummary } from './customer-summary.js';
export { shopOverview } from './shop-overview.js';
