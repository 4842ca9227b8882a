import { z } from 'zod';
import { createCustomerSchema, customerSchema, updateCustomerSchema } from '../../../contracts/customers.js';
import type { AppDeps } from '../../app.js';
import { actorOf, anyStaff } from '../../platform/auth.js';
import { type App, pageOf, pageQuery } from '../../platform/http.js';
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
        body: createCustomerSchema,
        response: { 201: customerSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createCustomer(db, actorOf(request.principal), request.body, 'back_office')),
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
}
