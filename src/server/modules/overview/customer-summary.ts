import type { CustomerSummary } from '../../../contracts/overview.js';
import type { Tx } from '../../platform/db.js';
import { getCustomer } from '../customers/index.js';
import { customerSubscriptions } from '../memberships/index.js';
import { customerSpend } from '../orders/index.js';
import { getSettings } from '../settings/index.js';

/**
 * A customer's lifetime spend in every channel (net of refunds) and their memberships: a fixed
 * number of queries however many orders they have. An unknown customer is a 404.
 */
export async function customerSummary(tx: Tx, customerId: string): Promise<CustomerSummary> {
  const customer = await getCustomer(tx, customerId);
  const [spend, memberships, settings] = await Promise.all([
    customerSpend(tx, customer.id),
    customerSubscriptions(tx, customer.id),
    getSettings(tx),
  ]);
  return { customerId: customer.id, currency: settings.currency, ...spend, memberships };
}
