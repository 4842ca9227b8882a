import { BodyReader } from './fields.js';
import { contains, pageOf, parseListQuery } from './paging.js';
import {
  invalid,
  methodNotAllowed,
  notFound,
  notSupported,
  problem,
  type Reply,
  type Request,
  readOnly,
  shown,
} from './router.js';
import { at, type Customer, newCustomer } from './seed.js';

interface CustomerFields {
  email: string;
  name: string;
  phone: string | null;
}

function readCustomer(request: Request): CustomerFields | Reply {
  const body = new BodyReader(request.body);
  const email = body.email('email');
  const name = body.text('name', 200, { min: 1 });
  const phone = body.text('phone', 30, { nullable: true });
  if (body.errors.length > 0) return invalid('The customer is not valid.', body.errors);
  return { email: email as string, name: name as string, phone: phone ?? null };
}

/** This cart keeps one account per email, as most carts do; the protocol lets a cart say so with 409. */
function emailTaken(request: Request, email: string, exceptId?: string): Reply | undefined {
  const other = request.store.customers.find(
    (customer) => customer.id !== exceptId && customer.email.toLowerCase() === email.toLowerCase(),
  );
  return other === undefined
    ? undefined
    : problem(409, 'conflict', `Another customer has the email ${email}.`, { existingId: other.id });
}

function create(request: Request): Reply {
  const fields = readCustomer(request);
  if ('status' in fields) return fields;
  const taken = emailTaken(request, fields.email);
  if (taken !== undefined) return taken;
  const customer = newCustomer(request.store, { ...fields, updatedAt: at(request.now) }, request.now);
  request.store.customers.push(customer);
  request.changed({ type: 'customer.updated', id: customer.id, updatedAt: customer.updatedAt });
  return {
    status: 201,
    body: structuredClone(customer),
    headers: { Location: `/tandem-cart/v1/customers/${customer.id}` },
  };
}

function update(request: Request, customer: Customer): Reply {
  const fields = readCustomer(request);
  if ('status' in fields) return fields;
  const taken = emailTaken(request, fields.email, customer.id);
  if (taken !== undefined) return taken;
  Object.assign(customer, fields, { updatedAt: at(request.now) });
  request.changed({ type: 'customer.updated', id: customer.id, updatedAt: customer.updatedAt });
  return { status: 200, body: structuredClone(customer) };
}

/** /customers and /customers/{id}. */
export function customers(request: Request): Reply | undefined {
  const [resource, id, extra] = request.segments;
  if (resource !== 'customers' || extra !== undefined) return undefined;
  if (!request.capabilities.customers) return notSupported('customers');
  const writing = request.method === 'POST' || request.method === 'PUT';
  if (writing && !request.canWrite) return readOnly();
  if (id === undefined) {
    if (request.method === 'POST') return create(request);
    if (request.method !== 'GET') return methodNotAllowed('GET, POST');
    const query = parseListQuery(request.query);
    if ('status' in query) return query;
    const page = pageOf(request.store.customers, query, (customer, q) =>
      contains(q, customer.name, customer.email, customer.phone),
    );
    return {
      status: 200,
      body: {
        data: page.data.map((customer) => shown(request, 'customers', customer)),
        nextCursor: page.nextCursor,
      },
    };
  }
  if (request.method !== 'GET' && request.method !== 'PUT') return methodNotAllowed('GET, PUT');
  const customer = request.store.customers.find((candidate) => candidate.id === id);
  if (customer === undefined) return notFound(`customer ${id}`);
  return request.method === 'PUT'
    ? update(request, customer)
    : { status: 200, body: shown(request, 'customers', customer) };
}
