import { z } from 'zod';
import {
  giftCardAdjustmentSchema,
  giftCardBalanceQuerySchema,
  giftCardBalanceSchema,
  giftCardDetailSchema,
  giftCardKindValues,
  giftCardReloadSchema,
  giftCardSchema,
  giftCardStatusChangeSchema,
  giftCardStatusValues,
  issuedGiftCardSchema,
  issueGiftCardSchema,
  ledgerEntrySchema,
  staffGiftCardLookupSchema,
} from '../../../contracts/giftcards.js';
import type { AppDeps } from '../../app.js';
import { actorOf, anyStaff, managers, requireCustomer, requireStaff } from '../../platform/auth.js';
import { validationFailed } from '../../platform/errors.js';
import { type App, pageOf, pageQuery } from '../../platform/http.js';
import { formatMoney } from '../../platform/money.js';
import { getCustomer } from '../customers/index.js';
import { getSettings } from '../settings/index.js';
import { adjustGiftCard, reloadGiftCard, setGiftCardStatus } from './change-gift-card.js';
import { checkGiftCardBalance } from './check-gift-card-balance.js';
import { issueGiftCard } from './issue-gift-card.js';
import {
  FAILED_STAFF_LOOKUPS_PER_HOUR,
  lookUpGiftCard,
  STAFF_LOOKUPS_PER_MINUTE,
} from './look-up-gift-card.js';
import { getGiftCard, listGiftCards, ownedGiftCards } from './read-gift-cards.js';

const idParams = z.object({ id: z.string().max(64) });
const movedSchema = z.object({ card: giftCardSchema, entry: ledgerEntrySchema });

export async function giftCardRoutes(app: App, deps: AppDeps): Promise<void> {
  const { db } = deps.database;
  const vault = deps.giftCardVault;
  const failedBalanceCheck = deps.metrics.counter(
    'tandem_gift_card_balance_failures_total',
    'Gift card balance checks whose code matched no card in use',
  );

  app.get(
    '/api/admin/gift-cards',
    {
      config: { access: anyStaff },
      schema: {
        tags: ['gift cards'],
        summary: 'Gift cards, newest first; q is the last 4 of the code, an owner’s email or a card id',
        querystring: pageQuery.extend({
          q: z.string().trim().max(254).optional(),
          status: z.enum(giftCardStatusValues).optional(),
          kind: z.enum(giftCardKindValues).optional(),
          customerId: z.string().max(64).optional().describe('the cards a customer owns, by id or by email'),
        }),
        response: { 200: pageOf(giftCardSchema) },
      },
    },
    async (request) => {
      const { customerId, ...query } = request.query;
      const owner = customerId ? await getCustomer(db, customerId) : undefined;
      return listGiftCards(db, { ...query, owner: owner ? { id: owner.id, email: owner.email } : undefined });
    },
  );

  app.post(
    '/api/admin/gift-cards',
    {
      config: { access: managers },
      schema: {
        tags: ['gift cards'],
        summary:
          'Issues a card by hand (a goodwill card, a prize); the answer is the one place its code is shown',
        body: issueGiftCardSchema,
        response: { 201: issuedGiftCardSchema },
      },
    },
    async (request, reply) => {
      const input = request.body;
      const settings = await getSettings(db);
      const money = (minor: number) => formatMoney(minor, settings.currency);
      if (input.amount > settings.giftCards.maxAmount) {
        throw validationFailed([
          { path: 'amount', message: `must be at most ${money(settings.giftCards.maxAmount)}` },
        ]);
      }
      const owner = input.customerId
        ? await getCustomer(db, input.customerId).catch(() => {
            throw validationFailed([{ path: 'customerId', message: 'is not a customer' }]);
          })
        : null;
      const issued = await db.transaction((tx) =>
        issueGiftCard(tx, vault, {
          amount: input.amount,
          currency: input.currency ?? settings.currency,
          serial: input.serial,
          customerId: owner?.id ?? null,
          ownerEmail: input.ownerEmail ?? owner?.email ?? null,
          message: input.message ?? null,
          notes: input.notes ?? null,
          serialPrefix: settings.giftCards.serialPrefix,
          actor: actorOf(request.principal),
        }),
      );
      const { row: _row, ...card } = issued;
      return reply.code(201).send(card);
    },
  );

  app.get(
    '/api/admin/gift-cards/:id',
    {
      config: { access: anyStaff },
      schema: {
        tags: ['gift cards'],
        summary: 'One card with its ledger; the code masked',
        params: idParams,
        response: { 200: giftCardDetailSchema },
      },
    },
    async (request) => getGiftCard(db, request.params.id),
  );

  app.post(
    '/api/admin/gift-cards/:id/adjustments',
    {
      config: { access: managers },
      schema: {
        tags: ['gift cards'],
        summary: 'Corrects a balance up (+) or down (−), saying why',
        params: idParams,
        body: giftCardAdjustmentSchema,
        response: { 201: movedSchema },
      },
    },
    async (request, reply) => {
      const moved = await db.transaction((tx) =>
        adjustGiftCard(tx, request.params.id, { ...request.body, actor: actorOf(request.principal) }),
      );
      return reply.code(201).send(moved);
    },
  );

  app.post(
    '/api/admin/gift-cards/:id/reloads',
    {
      config: { access: managers },
      schema: {
        tags: ['gift cards'],
        summary: 'Adds money to an active card',
        params: idParams,
        body: giftCardReloadSchema,
        response: { 201: movedSchema },
      },
    },
    async (request, reply) => {
      const settings = await getSettings(db);
      const moved = await db.transaction((tx) =>
        reloadGiftCard(tx, request.params.id, {
          ...request.body,
          actor: actorOf(request.principal),
          maxBalance: settings.giftCards.maxAmount,
        }),
      );
      return reply.code(201).send(moved);
    },
  );

  app.post(
    '/api/admin/gift-cards/:id/status',
    {
      config: { access: managers },
      schema: {
        tags: ['gift cards'],
        summary: 'Disables a card (lost, stolen) or enables it again; the balance stays',
        params: idParams,
        body: giftCardStatusChangeSchema,
        response: { 200: giftCardSchema },
      },
    },
    async (request) =>
      db.transaction((tx) =>
        setGiftCardStatus(tx, request.params.id, { ...request.body, actor: actorOf(request.principal) }),
      ),
  );

  app.post(
    '/api/store/gift-cards/balance',
    {
      config: { access: 'public' },
      schema: {
        tags: ['shop'],
        summary:
          'A gift card’s balance by its code: 5 checks a minute and 20 failed ones an hour per address',
        description:
          'A code that matches no card and one whose card is not in use get the same 404 `gift_card_not_found`.',
        body: giftCardBalanceQuerySchema,
        response: { 200: giftCardBalanceSchema },
      },
    },
    async (request) =>
      checkGiftCardBalance(db, vault, {
        code: request.body.code,
        ip: request.ip,
        onFailure: () => {
          failedBalanceCheck();
          request.log.warn(
            { ip: request.ip, event: 'gift_card_balance_failed' },
            'gift card balance check failed',
          );
        },
      }),
  );

  app.post(
    '/api/pos/gift-cards/lookup',
    {
      config: { access: anyStaff },
      schema: {
        tags: ['register'],
        summary: 'A gift card handed over at the register, by its code: its balance and status',
        description: `Any staff member. Limited per staff member: ${STAFF_LOOKUPS_PER_MINUTE} lookups a minute and ${FAILED_STAFF_LOOKUPS_PER_HOUR} of unknown codes an hour (429 rate_limited with Retry-After). A code that matches no card answers 404 gift_card_not_found. The full code is never answered.`,
        body: giftCardBalanceQuerySchema,
        response: { 200: staffGiftCardLookupSchema },
      },
    },
    // An API token counts against the person who made it.
    async (request) =>
      lookUpGiftCard(db, vault, { code: request.body.code, staffId: requireStaff(request).userId }),
  );

  app.get(
    '/api/store/account/gift-cards',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['customer accounts'],
        summary: 'The gift cards the signed-in customer owns, with their codes, balances and ledgers',
        response: {
          200: z.object({ data: z.array(giftCardDetailSchema.extend({ code: z.string() })) }),
        },
      },
    },
    async (request) => {
      const customer = requireCustomer(request);
      return { data: await ownedGiftCards(db, vault, { id: customer.customerId, email: customer.email }) };
    },
  );

  app.get(
    '/api/admin/metrics',
    {
      config: { access: managers },
      schema: {
        tags: ['system'],
        summary: 'This process’s counters, in Prometheus’ text format',
        produces: ['text/plain'],
      },
    },
    async (_request, reply) => reply.type('text/plain; version=0.0.4').send(deps.metrics.text()),
  );
}
