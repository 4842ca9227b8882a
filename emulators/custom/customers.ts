import { BodyReader } from './fields.js';
import { resourceHandler } from './resource.js';
import { invalid, type Reply, type Request } from './router.js';
import { type Customer, newCustomer } from './seed.js';

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

/** /customers and /customers/{id}. */
export const customers = resourceHandler<Customer, CustomerFields>({
  entity: 'customers',
  noun: 'customer',
  records: (store) => store.customers,
  searched: (customer) => [customer.name, customer.email, customer.phone],
  writes: {
    read: readCustomer,
    /** This cart keeps one account per email, as most carts do; the protocol lets a cart say so with 409. */
    unique: { label: 'the email', value: (customer) => customer.email },
    created: (request, fields, updatedAt) =>
      newCustomer(request.store, { ...fields, updatedAt }, request.now),
    updated: (_customer, fields) => fields,
    change: 'customer.updated',
  },
});
