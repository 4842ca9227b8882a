import { z } from 'zod';
import {
  createItemSchema,
  itemKinds,
  itemSchema,
  shopCatalogSchema,
  shopKinds,
  shopPlansSchema,
  stockAdjustmentSchema,
  stockCountSchema,
  stockMovementSchema,
  updateItemSchema,
} from '../../../contracts/catalog.js';
import { itemCsvColumns } from '../../../contracts/csv-columns.js';
import type { AppDeps } from '../../app.js';
import { actorOf, anyStaff, managers } from '../../platform/auth.js';
import { type App, pageOf, pageQuery } from '../../platform/http.js';
import { importBodySchema, importReportSchema } from '../../platform/imports.js';
import { listMovements } from '../inventory/index.js';
import { getSettings } from '../settings/index.js';
import { adjustItemStock, countItemStock } from './adjust-item-stock.js';
import { itemPictureRoutes } from './item-picture-routes.js';
import { pictureVersionsOf, shopPictureUrl } from './item-pictures.js';
import { exportItems, importItems } from './items-csv.js';
import { openShop } from './open-shop.js';
import { getItem, listItems, shopPlans } from './read-items.js';
import { createItem, updateItem } from './save-item.js';

const idParams = z.object({ id: z.string().max(64) });
const itemFilters = {
  q: z.string().trim().max(100).optional(),
  kind: z.enum(itemKinds).optional(),
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  lowStock: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('only tracked products at or below their threshold'),
};
const stockResult = z.object({ movement: stockMovementSchema, stock: z.number().int() });

export async function catalogRoutes(app: App, deps: AppDeps): Promise<void> {
  const { db } = deps.database;

  app.get(
    '/api/admin/items',
    {
      config: { access: anyStaff },
      schema: {
        tags: ['catalogue'],
        summary: 'The catalogue by name; q searches name, SKU and barcode',
        querystring: pageQuery.extend(itemFilters),
        response: { 200: pageOf(itemSchema) },
      },
    },
    async (request) => listItems(db, request.query),
  );

  app.post(
    '/api/admin/items',
    {
      config: { access: managers },
      schema: {
        tags: ['catalogue'],
        summary: 'Adds a product, service, package or membership',
        body: createItemSchema,
        response: { 201: itemSchema },
      },
    },
    async (request, reply) => {
      const { currency } = await getSettings(db);
      return reply.code(201).send(await createItem(db, actorOf(request.principal), request.body, currency));
    },
  );

  app.get(
    '/api/admin/items/:id',
    {
      config: { access: anyStaff },
      schema: {
        tags: ['catalogue'],
        summary: 'One item, with stock',
        params: idParams,
        response: { 200: itemSchema },
      },
    },
    async (request) => getItem(db, request.params.id),
  );

  app.patch(
    '/api/admin/items/:id',
    {
      config: { access: managers },
      schema: {
        tags: ['catalogue'],
        summary: 'Changes an item; `active: false` archives it',
        params: idParams,
        body: updateItemSchema,
        response: { 200: itemSchema },
      },
    },
    async (request) => updateItem(db, actorOf(request.principal), request.params.id, request.body),
  );

  app.post(
    '/api/admin/items/:id/stock-adjustments',
    {
      config: { access: managers },
      schema: {
        tags: ['stock'],
        summary: 'Stock received, returned or corrected: one movement in the ledger',
        params: idParams,
        body: stockAdjustmentSchema,
        response: { 201: stockResult },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await adjustItemStock(db, actorOf(request.principal), request.params.id, request.body)),
  );

  app.post(
    '/api/admin/items/:id/stock-counts',
    {
      config: { access: managers },
      schema: {
        tags: ['stock'],
        summary: 'A stock count: sets on hand by writing the difference',
        params: idParams,
        body: stockCountSchema,
        response: { 201: stockResult },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await countItemStock(db, actorOf(request.principal), request.params.id, request.body)),
  );

  app.get(
    '/api/admin/items/:id/stock-movements',
    {
      config: { access: anyStaff },
      schema: {
        tags: ['stock'],
        summary: 'The item’s stock movements, newest first',
        params: idParams,
        querystring: pageQuery,
        response: { 200: pageOf(stockMovementSchema) },
      },
    },
    async (request) => {
      await getItem(db, request.params.id);
      return listMovements(db, request.params.id, request.query);
    },
  );

  app.post(
    '/api/admin/items/import',
    {
      config: { access: managers },
      bodyLimit: 21 * 1024 * 1024,
      schema: {
        tags: ['catalogue'],
        summary:
          'Imports items from CSV: checks every row first; then, unless dryRun, imports the valid ones at once',
        description: `Columns: ${itemCsvColumns.join(', ')} (sku, name and price required; amounts like 18.50; tax_rate in percent). Known SKUs are updated.`,
        body: importBodySchema,
        response: { 200: importReportSchema },
      },
    },
    async (request) => {
      const { currency } = await getSettings(db);
      return importItems(db, actorOf(request.principal), request.body, currency);
    },
  );

  app.get(
    '/api/admin/items/export',
    {
      config: { access: managers },
      schema: {
        tags: ['catalogue'],
        summary: 'The items the list shows with these filters, as CSV in the columns the import reads',
        querystring: z.object(itemFilters),
        produces: ['text/csv'],
      },
    },
    async (request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="items.csv"')
        .send(await exportItems(db, request.query)),
  );

  app.get(
    '/api/store/catalog',
    {
      config: { access: 'public' },
      schema: {
        tags: ['shop'],
        summary:
          'What is for sale online: active products, packages and memberships by name (or those of one `kind`), with what is available now',
        querystring: pageQuery.extend({
          q: z.string().trim().max(100).optional(),
          kind: z.enum(shopKinds).optional().describe('services are booked in store, not sold online'),
        }),
        response: { 200: shopCatalogSchema },
      },
    },
    async (request) => {
      const settings = await openShop(db);
      const page = await listItems(db, { ...request.query, kinds: shopKinds, active: true });
      const pictures = await pictureVersionsOf(
        db,
        page.data.map((item) => item.id),
      );
      return {
        data: page.data.map((item) => {
          const version = pictures.get(item.id);
          return {
            id: item.id,
            kind: item.kind as (typeof shopKinds)[number],
            name: item.name,
            description: item.description,
            category: item.category,
            price: item.price,
            taxRate: item.taxRate,
            available: item.trackStock ? Math.max(0, item.stock ?? 0) : null,
            pictureUrl: version ? shopPictureUrl(item.id, version) : null,
          };
        }),
        nextCursor: page.nextCursor,
        currency: settings.currency,
        pricesIncludeTax: settings.pricesIncludeTax,
      };
    },
  );

  await itemPictureRoutes(app, deps);

  app.get(
    '/api/store/plans',
    {
      config: { access: 'public' },
      schema: {
        tags: ['shop'],
        summary:
          'The packages and memberships offered: the services and discounts they include, duration or interval, price and tax',
        response: { 200: shopPlansSchema },
      },
    },
    async () => {
      const settings = await openShop(db);
      return {
        data: await shopPlans(db, settings.pricesIncludeTax),
        currency: settings.currency,
        pricesIncludeTax: settings.pricesIncludeTax,
      };
    },
  );
}
