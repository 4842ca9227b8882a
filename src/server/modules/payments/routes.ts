import { z } from 'zod';
import {
  addPaymentMethodSchema,
  gatewayTestSchema,
  paymentDetailSchema,
  paymentListEntrySchema,
  paymentMethodSchema,
  paymentStatuses,
  paymentsConfigSchema,
  tokenizeSchema,
} from '../../../contracts/payments.js';
import type { AppDeps } from '../../app.js';
import { anyStaff, customerActor, managers, requireCustomer } from '../../platform/auth.js';
import { DomainError, notFound } from '../../platform/errors.js';
import { type App, dayRange, pageOf, pageQuery } from '../../platform/http.js';
import { hitRateLimit } from '../../platform/rate-limit.js';
import { getSettings, requirePortal } from '../settings/index.js';
import type { PaymentDeps } from './charge-card.js';
import { GatewayUnreachable, TokenizeRefused } from './gateway.js';
import { getPayment, listPayments } from './read-payments.js';
import { addSavedCard, deleteSavedCard, listSavedCards } from './saved-cards.js';

const idParams = z.object({ id: z.string().max(64) });

/**
 * Where the card form gets tokens: Tandem's own endpoint with the sandbox, else the hosted iFrame,
 * which takes the number and CVV (the expiry is asked beside it, as it is no secret).
 */
export function tokenizerOf(deps: AppDeps) {
  if (deps.gateway.name === 'sandbox') return { kind: 'endpoint' as const, url: '/api/payments/tokenize' };
  const site = new URL(deps.gatewaySiteUrl);
  const iframe = new URL('/itoke/ajax-tokenizer.html', site);
  for (const [k, v] of Object.entries({
    usecvv: 'true',
    enhancedresponse: 'true',
    invalidinputevent: 'true',
    formatinput: 'true',
    // Styled like Tandem's own fields.
    css:
      'body{font-family:system-ui,sans-serif;margin:0}label{font-weight:600;font-size:15px}' +
      'input{font-size:16px;padding:8px;border:1px solid #76827c;border-radius:6px;margin-bottom:6px}' +
      '.error{border-color:#b3261e}',
  })) {
    iframe.searchParams.set(k, v);
  }
  return { kind: 'iframe' as const, url: iframe.toString(), origin: site.origin };
}

export async function paymentRoutes(app: App, deps: AppDeps): Promise<void> {
  const { db } = deps.database;
  const payments: PaymentDeps = { db, gateway: deps.gateway };

  const requireCardProcessing = async () => {
    if (!(await getSettings(db)).cardProcessing) {
      throw new DomainError(
        'feature_disabled',
        'feature_disabled',
        'Card processing is switched off in Settings.',
      );
    }
  };

  app.get(
    '/api/payments/config',
    {
      config: { access: 'public' },
      schema: {
        tags: ['payments'],
        summary: 'What the card form needs: whether cards are taken, and where to get a card token',
        response: { 200: paymentsConfigSchema },
      },
    },
    async () => ({
      cardProcessing: (await getSettings(db)).cardProcessing,
      gateway: deps.gateway.name,
      tokenizer: tokenizerOf(deps),
    }),
  );

  app.post(
    '/api/payments/tokenize',
    {
      config: { access: 'public' },
      schema: {
        tags: ['payments'],
        summary:
          'Card number → token, with the sandbox gateway only (CardPointe’s own iFrame does this otherwise)',
        description: 'The number goes to the tokenizer and no further: it is not stored or logged.',
        body: tokenizeSchema,
        response: { 200: z.object({ token: z.string() }) },
      },
    },
    async (request) => {
      if (deps.gateway.name !== 'sandbox')
        throw notFound('Card numbers are tokenized by CardPointe’s iFrame.');
      await requireCardProcessing();
      // Card testing: stolen numbers tried one after another.
      await hitRateLimit(db, { key: `tokenize:ip:${request.ip}`, max: 30, windowSeconds: 600 });
      try {
        return { token: await deps.gateway.tokenize(request.body) };
      } catch (err) {
        if (err instanceof TokenizeRefused) {
          throw new DomainError('invalid_input', 'validation_failed', 'The card number is not valid.', {
            errors: [{ path: 'number', message: 'is not a valid card number' }],
          });
        }
        if (err instanceof GatewayUnreachable) {
          throw new DomainError(
            'unavailable',
            'payment_gateway_unavailable',
            'The card tokenizer did not answer.',
          );
        }
        throw err;
      }
    },
  );

  app.get(
    '/api/admin/payments',
    {
      config: { access: managers },
      schema: {
        tags: ['payments'],
        summary: 'Card payments, newest first',
        querystring: pageQuery.extend({
          status: z.enum(paymentStatuses).optional(),
          from: z.iso.date().optional().describe('created on or after this day (UTC)'),
          to: z.iso.date().optional().describe('created on or before this day (UTC)'),
          q: z
            .string()
            .trim()
            .max(64)
            .optional()
            .describe('last 4 digits, or a payment, order or gateway reference'),
        }),
        response: { 200: pageOf(paymentListEntrySchema) },
      },
    },
    async (request) => {
      const { from, to, ...rest } = request.query;
      return listPayments(db, {
        ...rest,
        ...dayRange(from, to),
      });
    },
  );

  app.get(
    '/api/admin/payments/:id',
    {
      config: { access: managers },
      schema: {
        tags: ['payments'],
        summary: 'One payment with every call made to the gateway for it and its answers',
        params: idParams,
        response: { 200: paymentDetailSchema },
      },
    },
    async (request) => getPayment(db, request.params.id),
  );

  app.post(
    '/api/admin/payments/gateway-test',
    {
      config: { access: managers },
      schema: {
        tags: ['payments'],
        summary: 'Checks the gateway credentials ("Test connection" in Settings)',
        response: { 200: gatewayTestSchema },
      },
    },
    async () => ({ gateway: deps.gateway.name, ...(await deps.gateway.testConnection()) }),
  );

  const customerParams = z.object({ id: z.string().max(64) });
  const cardParams = z.object({ id: z.string().max(64), cardId: z.string().max(64) });

  app.get(
    '/api/admin/customers/:id/payment-methods',
    {
      config: { access: anyStaff },
      schema: {
        tags: ['payments'],
        summary: 'A customer’s saved cards: brand, last 4 and expiry only',
        params: customerParams,
        response: { 200: z.object({ data: z.array(paymentMethodSchema) }) },
      },
    },
    async (request) => ({ data: await listSavedCards(db, request.params.id) }),
  );

  app.delete(
    '/api/admin/customers/:id/payment-methods/:cardId',
    {
      config: { access: managers },
      schema: {
        tags: ['payments'],
        summary: 'Removes a customer’s saved card, at the gateway too',
        params: cardParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await deleteSavedCard(payments, request.params.id, request.params.cardId);
      return reply.code(204).send(null);
    },
  );

  const savedCardsPage = 'Saved cards in My account';
  const portalNote = ' (403 `feature_disabled` when the customer portal is off)';

  app.get(
    '/api/store/account/payment-methods',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['customer accounts'],
        summary: `The signed-in customer’s saved cards: those saved through their online account${portalNote}`,
        response: { 200: z.object({ data: z.array(paymentMethodSchema) }) },
      },
    },
    async (request) => {
      const { customerId } = requireCustomer(request);
      await requirePortal(db, savedCardsPage);
      return { data: await listSavedCards(db, customerId, { online: true }) };
    },
  );

  app.get(
    '/api/store/checkout/payment-methods',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['shop'],
        summary:
          'The saved cards the signed-in customer may pay with at checkout, whether or not the customer portal is on',
        response: { 200: z.object({ data: z.array(paymentMethodSchema) }) },
      },
    },
    async (request) => ({
      data: await listSavedCards(db, requireCustomer(request).customerId, { online: true }),
    }),
  );

  app.post(
    '/api/store/account/payment-methods',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['customer accounts'],
        summary: `Saves a card (a token from the card form) after checking it with the gateway${portalNote}`,
        body: addPaymentMethodSchema,
        response: { 201: paymentMethodSchema },
      },
    },
    async (request, reply) => {
      const customer = requireCustomer(request);
      await requirePortal(db, savedCardsPage);
      await hitRateLimit(db, {
        key: `save-card:customer:${customer.customerId}`,
        max: 10,
        windowSeconds: 3600,
      });
      const card = await addSavedCard(payments, customer.customerId, request.body, customerActor(customer));
      return reply.code(201).send(card);
    },
  );

  app.delete(
    '/api/store/account/payment-methods/:id',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['customer accounts'],
        summary: `Removes one of the signed-in customer’s saved cards${portalNote}`,
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const { customerId } = requireCustomer(request);
      await requirePortal(db, savedCardsPage);
      await deleteSavedCard(payments, customerId, request.params.id, { online: true });
      return reply.code(204).send(null);
    },
  );
}
