import { z } from 'zod';
import { customerPerksSchema } from '../../../contracts/customer-perks.js';
import {
  customerPackageSchema,
  renewalResultSchema,
  renewNowSchema,
  subscriptionCardChangeSchema,
  subscriptionSchema,
  subscriptionStatusValues,
} from '../../../contracts/memberships.js';
import type { AppDeps } from '../../app.js';
import { anyStaff, customerActor, managers, requireCustomer } from '../../platform/auth.js';
import { zonedDayRange } from '../../platform/days.js';
import { DomainError } from '../../platform/errors.js';
import { type App, pageOf, pageQuery } from '../../platform/http.js';
import { getCustomer } from '../customers/index.js';
import { getSettings, requirePortal } from '../settings/index.js';
import {
  cancelSubscriptionAtPeriodEnd,
  changeSubscriptionCard,
  type MembershipDeps,
  manageSubscription,
} from './change-subscription.js';
import { customerPackagesOf, customerPerks, getPackage } from './packages.js';
import { customerSubscriptions, getSubscription, listSubscriptions } from './read-subscriptions.js';
import { renewDueSubscriptions, renewSubscriptionNow } from './renew-subscriptions.js';

const idParams = z.object({ id: z.string().max(64) });
const actionParams = idParams.extend({ action: z.enum(['pause', 'resume', 'cancel', 'retry']) });

export async function membershipRoutes(app: App, deps: AppDeps): Promise<void> {
  const { db } = deps.database;
  const accountUrl = `${deps.config.publicUrl}/account/subscriptions`;
  const membershipDeps: MembershipDeps = { db, gateway: deps.gateway, mailer: deps.mailer, accountUrl };

  /** The portal settings decide whether customers see, and may change, their recurring orders. */
  const portalAllows = async (what: 'view' | 'edit') => {
    const { portal } = await getSettings(db);
    const allowed = portal.enabled && portal.viewRecurring && (what === 'view' || portal.editRecurring);
    if (!allowed) {
      throw new DomainError(
        'feature_disabled',
        'feature_disabled',
        what === 'view'
          ? 'Recurring orders are not shown in the customer portal.'
          : 'Recurring orders cannot be changed from the customer portal; ask the shop.',
      );
    }
  };

  app.get(
    '/api/store/account/subscriptions',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['customer accounts'],
        summary:
          'The signed-in customer’s recurring orders: plan, amount, next payment, status, card (masked)',
        response: { 200: z.object({ data: z.array(subscriptionSchema) }) },
      },
    },
    async (request) => {
      await portalAllows('view');
      return { data: await customerSubscriptions(db, requireCustomer(request).customerId) };
    },
  );

  app.put(
    '/api/store/account/subscriptions/:id/payment-method',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['customer accounts'],
        summary:
          'Changes the card a recurring order renews on: a new card (checked and saved) or a saved one',
        params: idParams,
        body: subscriptionCardChangeSchema,
        response: { 200: subscriptionSchema },
      },
    },
    async (request) => {
      await portalAllows('edit');
      const customer = requireCustomer(request);
      return changeSubscriptionCard(
        membershipDeps,
        customer.customerId,
        request.params.id,
        request.body,
        customerActor(customer),
      );
    },
  );

  app.post(
    '/api/store/account/subscriptions/:id/cancel',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['customer accounts'],
        summary: 'Cancels a recurring order at the end of the period paid for',
        params: idParams,
        response: { 200: subscriptionSchema },
      },
    },
    async (request) => {
      await portalAllows('edit');
      return cancelSubscriptionAtPeriodEnd(
        membershipDeps,
        requireCustomer(request).customerId,
        request.params.id,
      );
    },
  );

  app.get(
    '/api/admin/customers/:id/perks',
    {
      config: { access: anyStaff },
      schema: {
        tags: ['memberships'],
        summary:
          'What the customer’s memberships and packages give now: the best discounts on services and on products, and the package credits left',
        params: idParams,
        response: { 200: customerPerksSchema },
      },
    },
    async (request) => {
      await getCustomer(db, request.params.id);
      return customerPerks(db, request.params.id, new Date());
    },
  );

  app.get(
    '/api/admin/packages',
    {
      config: { access: anyStaff },
      schema: {
        tags: ['memberships'],
        summary: 'A customer’s packages with their credits used and left, and their expiry',
        querystring: z.object({ customerId: z.string().min(1).max(64) }),
        response: { 200: z.object({ data: z.array(customerPackageSchema) }) },
      },
    },
    async (request) => ({ data: await customerPackagesOf(db, request.query.customerId, new Date()) }),
  );

  app.get(
    '/api/admin/packages/:id',
    {
      config: { access: anyStaff },
      schema: {
        tags: ['memberships'],
        summary: 'One package: credits used and left, expiry, and the unused value a refund gives back',
        params: idParams,
        response: { 200: customerPackageSchema },
      },
    },
    async (request) => getPackage(db, request.params.id, new Date()),
  );

  app.get(
    '/api/store/account/perks',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['customer accounts'],
        summary:
          'What the signed-in customer’s memberships and packages take off now, as the shop’s cart and checkout price it',
        response: { 200: customerPerksSchema },
      },
    },
    async (request) => customerPerks(db, requireCustomer(request).customerId, new Date()),
  );

  app.get(
    '/api/store/account/packages',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['customer accounts'],
        summary:
          'The signed-in customer’s packages: credits left and used, and when they expire (403 `feature_disabled` when the customer portal is off)',
        response: { 200: z.object({ data: z.array(customerPackageSchema) }) },
      },
    },
    async (request) => {
      const { customerId } = requireCustomer(request);
      await requirePortal(db, 'Packages in My account');
      return { data: await customerPackagesOf(db, customerId, new Date()) };
    },
  );

  app.get(
    '/api/admin/subscriptions',
    {
      config: { access: managers },
      schema: {
        tags: ['memberships'],
        summary: 'Memberships by their next renewal, the soonest first',
        querystring: pageQuery.extend({
          status: z.enum(subscriptionStatusValues).optional(),
          customerId: z.string().max(64).optional(),
          dueBy: z.iso
            .date('must be a day, such as 2026-12-11')
            .optional()
            .describe('renewing on or before this day (in the shop’s time zone)'),
          failing: z
            .enum(['true', 'false'])
            .optional()
            .describe('`true`: only those whose last renewal was declined (retrying, or past due)'),
        }),
        response: { 200: pageOf(subscriptionSchema) },
      },
    },
    async (request) => {
      const { status, dueBy, failing, ...query } = request.query;
      const { timeZone } = dueBy ? await getSettings(db) : { timeZone: 'UTC' };
      return listSubscriptions(db, {
        ...query,
        status: status ? [status] : undefined,
        dueBefore: zonedDayRange(undefined, dueBy, timeZone).to,
        failing: failing === 'true',
      });
    },
  );

  app.post(
    '/api/admin/subscriptions/:id/renew',
    {
      config: { access: managers },
      schema: {
        tags: ['memberships'],
        summary:
          'Charges the period starting at `periodStart` (the membership’s `nextPaymentAt` as read) now, even early; once per period',
        params: idParams,
        body: renewNowSchema,
        response: { 200: renewalResultSchema },
      },
    },
    async (request) => {
      const { renewal, subscriptionId } = await renewSubscriptionNow(
        { ...membershipDeps, now: () => new Date() },
        request.params.id,
        new Date(request.body.periodStart),
      );
      return {
        subscriptionId,
        periodStart: renewal.periodStart.toISOString(),
        status: renewal.status,
        orderId: renewal.orderId,
        declineReason: renewal.declineReason,
        subscription: await getSubscription(db, subscriptionId),
      };
    },
  );

  app.post(
    '/api/admin/subscriptions/:id/:action',
    {
      config: { access: managers },
      schema: {
        tags: ['memberships'],
        summary: 'Pauses, resumes or cancels a membership now, or retries its renewal now',
        params: actionParams,
        response: { 200: subscriptionSchema },
      },
    },
    async (request) => {
      const { id, action } = request.params;
      await db.transaction((tx) => manageSubscription(tx, id, action, new Date()));
      if (action === 'retry') {
        await renewDueSubscriptions({ ...membershipDeps, now: () => new Date() }, { subscriptionId: id });
      }
      return getSubscription(db, id);
    },
  );
}
