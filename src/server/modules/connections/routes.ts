import { z } from 'zod';
import {
  cartListSchema,
  connectionSchema,
  connectionTestSchema,
  exportRequestSchema,
  importRequestSchema,
  newConnectionSchema,
  syncRunSchema,
  updateConnectionSchema,
  workReportSchema,
} from '../../../contracts/connections.js';
import type { AppDeps } from '../../app.js';
import { actorOf, managers } from '../../platform/auth.js';
import { type App, pageOf, pageQuery } from '../../platform/http.js';
import { cartEntities } from './cart.js';
import { exportChosen } from './export-chosen.js';
import { importChosen } from './import-chosen.js';
import { listCart } from './list-cart.js';
import { openCart as defaultOpenCart } from './open-cart.js';
import { getConnection, listConnections, listRuns } from './read-connections.js';
import { receiveWebhook } from './receive-webhook.js';
import { removeConnection } from './remove-connection.js';
import { createConnection, updateConnection } from './save-connection.js';
import { requestRun, startSync, stopSync } from './sync-control.js';
import { testConnection } from './test-connection.js';

const idParams = z.object({ id: z.string().max(64) });
const tags = ['connections'];

export async function connectionRoutes(app: App, deps: AppDeps): Promise<void> {
  const { db } = deps.database;
  const box = deps.credentialBox;
  const openCart = deps.openCart ?? defaultOpenCart;
  const publicUrl = deps.config.publicUrl;
  const manual = { db, box, openCart };

  app.get(
    '/api/admin/connections',
    {
      config: { access: managers },
      schema: {
        tags,
        summary: 'Cart connections, each with its status and last run',
        querystring: pageQuery,
        response: { 200: pageOf(connectionSchema) },
      },
    },
    async (request) => listConnections(db, request.query, publicUrl),
  );

  app.post(
    '/api/admin/connections',
    {
      config: { access: managers },
      schema: {
        tags,
        summary: 'Adds a cart connection (stopped until tested and started)',
        description:
          'Credentials are sealed at rest and never returned: the answer lists which are set. WooCommerce takes ' +
          '`consumerKey`, `consumerSecret` (and `webhookSecret` to receive webhooks), PrestaShop `apiKey`, ' +
          'Shopify `accessToken`, the Tandem cart protocol (`custom`) `token`.',
        body: newConnectionSchema,
        response: { 201: connectionSchema },
      },
    },
    async (request, reply) => {
      const row = await db.transaction((tx) =>
        createConnection(tx, box, actorOf(request.principal), request.body),
      );
      return reply.code(201).send(await getConnection(db, row.id, publicUrl));
    },
  );

  app.get(
    '/api/admin/connections/:id',
    {
      config: { access: managers },
      schema: {
        tags,
        summary: 'One connection: sync status, cursors and options',
        params: idParams,
        response: { 200: connectionSchema },
      },
    },
    async (request) => getConnection(db, request.params.id, publicUrl),
  );

  app.patch(
    '/api/admin/connections/:id',
    {
      config: { access: managers },
      schema: {
        tags,
        summary: 'Changes a connection',
        description:
          'Credentials given replace those of the same name. A new address or new credentials need a new test: a ' +
          'running connection stops until then. Setting `options.updatesSince` rewinds every cursor to it.',
        params: idParams,
        body: updateConnectionSchema,
        response: { 200: connectionSchema },
      },
    },
    async (request) => {
      await db.transaction((tx) =>
        updateConnection(tx, box, actorOf(request.principal), request.params.id, request.body),
      );
      return getConnection(db, request.params.id, publicUrl);
    },
  );

  app.delete(
    '/api/admin/connections/:id',
    {
      config: { access: managers },
      schema: {
        tags,
        summary: 'Removes a stopped connection, with its credentials, links and sync log',
        description:
          'What came from the cart stays: customers, items and orders. A running connection answers 409: stop it first.',
        params: idParams,
        response: { 204: z.null().describe('removed') },
      },
    },
    async (request, reply) => {
      await removeConnection(db, actorOf(request.principal), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/admin/connections/:id/test',
    {
      config: { access: managers },
      schema: {
        tags,
        summary: 'Calls the cart with the saved address and credentials',
        description:
          '`ok: false` names what failed: the address not reached, the credentials refused, not a cart of this type, ' +
          'or a permission missing. Auto-sync starts only after a pass with the current address and credentials.',
        params: idParams,
        response: { 200: connectionTestSchema },
      },
    },
    async (request) => testConnection(db, { box, openCart }, request.params.id),
  );

  for (const [action, summary] of [
    [
      'start',
      'Starts auto-sync: a run now, then every `pollMinutes` (409 `connection_untested` until a test passed)',
    ],
    ['stop', 'Stops auto-sync'],
    [
      'run',
      'One run now, whether auto-sync is running or not (409 `connection_untested` until a test passed)',
    ],
  ] as const) {
    app.post(
      `/api/admin/connections/:id/sync/${action}`,
      {
        config: { access: managers },
        schema: { tags, summary, params: idParams, response: { 200: connectionSchema } },
      },
      async (request) => {
        const actor = actorOf(request.principal);
        if (action === 'start') await startSync(db, actor, request.params.id);
        else if (action === 'stop') await stopSync(db, actor, request.params.id);
        else await requestRun(db, request.params.id);
        return getConnection(db, request.params.id, publicUrl);
      },
    );
  }

  app.get(
    '/api/admin/connections/:id/runs',
    {
      config: { access: managers },
      schema: {
        tags,
        summary: 'The sync log: each run’s start, end, status, counts and errors, newest first',
        params: idParams,
        querystring: pageQuery,
        response: { 200: pageOf(syncRunSchema) },
      },
    },
    async (request) => listRuns(db, request.params.id, request.query),
  );

  const entityParams = idParams.extend({ entity: z.enum(cartEntities) });

  app.get(
    '/api/admin/connections/:id/cart/:entity',
    {
      config: { access: managers },
      schema: {
        tags,
        summary: 'What the cart has (orders, items or customers), a page at a time, for selective import',
        params: entityParams,
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(100).default(50),
          cursor: z.string().max(200).optional(),
          q: z.string().trim().max(100).optional(),
        }),
        response: { 200: cartListSchema },
      },
    },
    async (request) => listCart(manual, request.params.id, request.params.entity, request.query),
  );

  app.post(
    '/api/admin/connections/:id/import/:entity',
    {
      config: { access: managers },
      schema: {
        tags,
        summary: 'Imports chosen cart records, creating them or linking them to existing ones',
        description:
          'Items are created with the item code, cost and stock level given per row in `rows`, or linked by `links` ' +
          '(or by SKU); customers are linked by email or `links`. Orders are created as pending documents. ' +
          '`dryRun: true` answers the same report and changes nothing.',
        params: entityParams,
        body: importRequestSchema,
        response: { 200: workReportSchema },
      },
    },
    async (request) =>
      importChosen(
        manual,
        actorOf(request.principal),
        request.params.id,
        request.params.entity,
        request.body,
      ),
  );

  app.post(
    '/api/admin/connections/:id/export/:entity',
    {
      config: { access: managers },
      schema: {
        tags,
        summary: 'Exports chosen Tandem items (with their free stock) or customers to the cart',
        params: idParams.extend({ entity: z.enum(['items', 'customers']) }),
        body: exportRequestSchema,
        response: { 200: workReportSchema },
      },
    },
    async (request) => exportChosen(manual, request.params.id, request.params.entity, request.body),
  );

  // Webhooks arrive as bytes: the signature is over the body exactly as sent. The parser lives in a
  // scope of its own with the one route that needs it.
  await app.register(async (scope: App) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_request, body, done) =>
      done(null, body),
    );
    scope.post(
      '/api/hooks/connections/:id/:key',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Where a connected cart delivers its webhooks (the address is on the connection)',
          description:
            'WooCommerce deliveries are checked with `X-WC-Webhook-Signature` (the connection’s webhook secret), ' +
            'Tandem cart protocol ones with `Tandem-Cart-Signature`. A repeated or out-of-date delivery changes ' +
            'nothing; any other starts a run at once. A wrong address or signature answers 401.',
          params: z.object({ id: z.string().max(64), key: z.string().max(100) }),
          response: { 200: z.object({ received: z.boolean(), outcome: z.string() }) },
        },
      },
      async (request) => {
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const headers = Object.fromEntries(
          Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]),
        );
        const outcome = await receiveWebhook(db, box, {
          connectionId: request.params.id,
          key: request.params.key,
          headers,
          raw,
        });
        return { received: true, outcome };
      },
    );
  });
}
