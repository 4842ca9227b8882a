import { z } from 'zod';
import { customerCsvColumns } from '../../../contracts/csv-columns.js';
import {
  customerSchema,
  staffNewCustomerSchema,
  updateCustomerSchema,
} from '../../../contracts/customers.js';
import type { AppDeps } from '../../app.js';
import { actorOf, anyStaff, managers } from '../../platform/auth.js';
import { type App, pageOf, pageQuery } from '../../platform/http.js';
import { importBodySchema, importReportSchema } from '../../platform/imports.js';
import { exportCustomers, importCustomers } from './customers-csv.js';
import { getCustomer, listCustomers } from './read-customers.js';
import { createCustomer, updateCustomer } from './save-customer.js';

const idParams = z.object({ id: z.string().max(64) });

export async function customerRoutes(app: App, deps: AppDeps): Promise<void> {
  const { db } = deps.database;

  app.get(
    '/api/admin/customers',
    {
      config: { access: anyStaff },
      schema: {
        tags: ['customers'],
        summary: 'Customers by name; q searches name, email and phone',
        querystring: pageQuery.extend({ q: z.string().trim().max(100).optional() }),
        response: { 200: pageOf(customerSchema) },
      },
    },
    async (request) => listCustomers(db, request.query),
  );

  app.post(
    '/api/admin/customers',
    {
      config: { access: anyStaff },
      schema: {
        tags: ['customers'],
        summary: 'Adds a customer',
        body: staffNewCustomerSchema,
        response: { 201: customerSchema },
      },
    },
    async (request, reply) => {
      const { source, ...input } = request.body;
      const customer = await createCustomer(db, actorOf(request.principal), input, source ?? 'back_office');
      return reply.code(201).send(customer);
    },
  );

  app.get(
    '/api/admin/customers/:id',
    {
      config: { access: anyStaff },
      schema: {
        tags: ['customers'],
        summary: 'One customer',
        params: idParams,
        response: { 200: customerSchema },
      },
    },
    async (request) => getCustomer(db, request.params.id),
  );

  app.patch(
    '/api/admin/customers/:id',
    {
      config: { access: anyStaff },
      schema: {
        tags: ['customers'],
        summary: 'Changes a customer',
        params: idParams,
        body: updateCustomerSchema,
        response: { 200: customerSchema },
      },
    },
    async (request) => updateCustomer(db, actorOf(request.principal), request.params.id, request.body),
  );

  app.post(
    '/api/admin/customers/import',
    {
      config: { access: managers },
      bodyLimit: 21 * 1024 * 1024,
      schema: {
        tags: ['customers'],
        summary:
          'Imports customers from CSV: checks every row first; then, unless dryRun, imports the valid ones at once',
        description: `Columns: ${customerCsvColumns.join(', ')} (name required). Customers whose email is known are updated.`,
        body: importBodySchema,
        response: { 200: importReportSchema },
      },
    },
    async (request) => importCustomers(db, actorOf(request.principal), request.body),
  );

  app.get(
    '/api/admin/customers/export',
    {
      config: { access: managers },
      schema: {
        tags: ['customers'],
        summary: 'The customers the list shows with this search, as CSV in the columns the import reads',
        querystring: z.object({ q: z.string().trim().max(100).optional() }),
        produces: ['text/csv'],
      },
    },
    async (request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="customers.csv"')
        .send(await exportCustomers(db, request.query)),
  );
}
