// What other modules may use of payments.
export { attachPaymentsToOrder } from './attach-payments.js';
export { capturePayment } from './capture-payment.js';
export { totalsByCardBrand } from './card-brand-totals.js';
export {
  type ChargeInput,
  type ChargeResult,
  chargeCard,
  type PaymentDeps,
  voidPayment,
} from './charge-card.js';
export type { CardEntry, CardGateway } from './gateway.js';
export { type OpenGateway, openGateway } from './open-gateway.js';
export {
  type QueuedRefundView,
  queuedRefundsOfOrder,
  queueRefund,
  retryQueuedRefund,
} from './queued-refunds.js';
export { cardLabels, getPayment, moneyGivenBackOnOrders } from './read-payments.js';
export { reconcileSalePayments } from './reconcile-sale-payments.js';
export { checkRefundable, refundPayment } from './refund-payment.js';
export { addSavedCard, listSavedCards, savedCardLabels } from './saved-cards.js';
export { type QueuedRefundReport, sendQueuedRefunds } from './send-queued-refunds.js';
export { settlePendingPayments } from './settle-pending-payments.js';
