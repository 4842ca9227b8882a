// What other modules may use of orders.
export { fulfillmentHistory } from './change-fulfillment.js';
export { confirmOrder, heldByPendingOrders } from './confirm-order.js';
export { type CustomerSpend, customerSpend } from './customer-spend.js';
export { type CartOrderChange, followCartOrder } from './follow-cart-order.js';
export { giftCardTenders, planGiftCardPayments, redeemGiftCardPayments } from './gift-card-tenders.js';
export { placeCartDocuments } from './place-cart-documents.js';
export {
  type ChargeItem,
  getOrder,
  giftCardItem,
  type PlaceOrderInput,
  placeOrder,
  type SaleLine,
  saleTotals,
} from './place-order.js';
export { countOrders, listOrders } from './read-orders.js';
export { type RecentRefunds, recentRefunds } from './recent-refunds.js';
export { reconcileCardRefunds } from './reconcile-card-refunds.js';
export { type RefundOrderInput, refundOrder } from './refund-order.js';
export { salesBreakdowns } from './sales-breakdowns.js';
export { type SalesReport, salesReport } from './sales-report.js';
export { sellAtRegister } from './sell-at-register.js';
