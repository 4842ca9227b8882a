import { z } from 'zod';
import { checkoutSchema, orderSchema } from '../../../contracts/orders.js';
import type { AppDeps } from '../../app.js';
import { customerActor, requireCustomer } from '../../platform/auth.js';
import { DomainError, unauthenticated } from '../../platform/errors.js';
import type { App } from '../../platform/http.js';
import { hitRateLimit } from '../../platform/rate-limit.js';
import { giftCardGuesses } from '../giftcards/index.js';
import { getSettings } from '../settings/index.js';
import { checkout } from './checkout.js';
import { linkGuestOrder } from './link-guest-order.js';

/** Checkout: by a signed-in customer, or by a guest when the shop's setting allows it. */
export async function checkoutRoutes(app: App, deps: AppDeps): Promise<void> {
  const { db } = deps.database;

  app.post(
    '/api/store/checkout',
    {
      // A signed-in customer; anyone else only with guest checkout on (checked before the body is read).
      config: { access: 'public' },
      onRequest: async (request) => {
        if (!request.customer && !(await getSettings(db)).guestCheckout) throw unauthenticated();
      },
      schema: {
        tags: ['shop'],
        summary:
          'An online purchase by the signed-in customer, or by a guest when the shop allows guest checkout: delivered, or collected in store',
        description:
          'A line for more than is on hand answers 409 insufficient_stock and nothing is charged; a declined card ' +
          'answers 402 payment_declined and keeps nothing but the failed attempt. Send an Idempotency-Key. ' +
          'Without a session: 401 unless guest checkout is on; then `email` is required, the card is a new one ' +
          '(no `paymentMethodId`, no `saveCard`), and the receipt invites the guest to create an account.',
        body: checkoutSchema,
        response: { 201: orderSchema },
      },
    },
    async (request, reply) => {
      const customer = request.customer;
      // Card testing: stolen numbers tried one after another through the checkout.
      await hitRateLimit(db, {
        key: customer ? `checkout:customer:${customer.customerId}` : `checkout:guest:ip:${request.ip}`,
        max: 20,
        windowSeconds: 3600,
      });
      await hitRateLimit(db, { key: `checkout:ip:${request.ip}`, max: 300, windowSeconds: 3600 });
      // A guest's gift card codes are guesses like the balance check's, and share its budget.
      const guessing = !customer && (request.body.giftCardCodes?.length ?? 0) > 0;
      if (guessing) await giftCardGuesses.allowed(db, request.ip);
      try {
        const order = await checkout(
          {
            db,
            gateway: deps.gateway,
            mailer: deps.mailer,
            giftCardVault: deps.giftCardVault,
            shopUrl: `${deps.config.publicUrl}/shop`,
          },
          customer ? { customerId: customer.customerId, email: customer.email } : null,
          request.body,
          customer ? customerActor(customer) : null,
        );
        return reply.code(201).send(order);
      } catch (err) {
        const missed =
          err instanceof DomainError
            ? (err.errors ?? []).filter((e) => e.path.startsWith('giftCardCodes.'))
            : [];
        if (guessing && missed.length > 0) await giftCardGuesses.failed(db, request.ip, missed.length);
        throw err;
      }
    },
  );

  app.post(
    '/api/store/account/orders/claim',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['customer accounts'],
        summary: 'Adds an order placed without signing in to this account, from the link in its receipt',
        description:
          'Only the account with the email the order was placed with can add it, once; otherwise 400 invalid_token.',
        body: z.object({ token: z.string().trim().min(1).max(200) }).strict(),
        response: { 200: z.object({ orderId: z.string() }) },
      },
    },
    async (request) => {
      const customer = requireCustomer(request);
      await hitRateLimit(db, {
        key: `order-claim:customer:${customer.customerId}`,
        max: 20,
        windowSeconds: 600,
      });
      return linkGuestOrder(db, customer, request.body.token);
    },
  );
}
