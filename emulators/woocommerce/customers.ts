import { notAllowed, type WcError } from './auth.js';
import { matches, paginate, parseListParams, sortItems } from './paging.js';
import { errorReply, idSegment, type Reply, type Request, record } from './router.js';
import { type Address, address, type Customer, type Store, wcDate } from './seed.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function emailTaken(store: Store, email: string, exceptId?: number): boolean {
  return store.customers.some(
    (customer) => customer.email.toLowerCase() === email.toLowerCase() && customer.id !== exceptId,
  );
}

/** wc_create_new_customer_username: the part before @, made unique with a number. */
function usernameFor(store: Store, email: string): string {
  const base = (email.split('@')[0] ?? 'customer').toLowerCase().replace(/[^a-z0-9._-]/g, '') || 'customer';
  let name = base;
  for (let n = 1; store.customers.some((customer) => customer.username === name); n += 1)
    name = `${base}${n}`;
  return name;
}

function applyChanges(customer: Customer, input: Record<string, unknown>, now: Date): void {
  for (const field of ['first_name', 'last_name', 'email'] as const) {
    const value = text(input[field]);
    if (value !== undefined) customer[field] = value;
  }
  for (const kind of ['billing', 'shipping'] as const) {
    if (typeof input[kind] === 'object' && input[kind] !== null) {
      const changes: Partial<Address> = {};
      for (const [key, value] of Object.entries(record(input[kind]))) {
        if (typeof value === 'string') (changes as Record<string, string>)[key] = value;
      }
      customer[kind] = { ...customer[kind], ...changes };
    }
  }
  customer.date_modified = wcDate(now);
  customer.date_modified_gmt = wcDate(now);
}

function create(request: Request): Reply {
  const { store, now } = request;
  const input = record(request.body);
  const email = text(input.email)?.trim() ?? '';
  if (!EMAIL.test(email)) {
    return errorReply({
      status: 400,
      code: 'registration-error-invalid-email',
      message: 'Please provide a valid email address.',
    });
  }
  if (emailTaken(store, email)) {
    return errorReply({
      status: 400,
      code: 'registration-error-email-exists',
      message: 'An account is already registered with your email address. Please log in.',
    });
  }
  const id = store.nextId++;
  const blank = { ...address('', '', ''), address_1: '', state: '', postcode: '', country: '', phone: '' };
  const customer: Customer = {
    id,
    email,
    first_name: '',
    last_name: '',
    username: text(input.username) || usernameFor(store, email),
    role: 'customer',
    billing: { ...blank, email: '' },
    shipping: { ...blank },
    is_paying_customer: false,
    date_created: wcDate(now),
    date_created_gmt: wcDate(now),
    date_modified: wcDate(now),
    date_modified_gmt: wcDate(now),
    meta_data: [],
  };
  applyChanges(customer, input, now);
  store.customers.push(customer);
  request.emit('customer.created', id);
  return { status: 201, body: structuredClone(customer) };
}

function update(request: Request, id: number): Reply {
  const { store, now } = request;
  const customer = store.customers.find((candidate) => candidate.id === id);
  if (customer === undefined) {
    return errorReply({ status: 400, code: 'woocommerce_rest_invalid_id', message: 'Invalid resource ID.' });
  }
  const input = record(request.body);
  const email = text(input.email);
  if (email !== undefined && (!EMAIL.test(email) || emailTaken(store, email, id))) {
    const error: WcError = {
      status: 400,
      code: 'woocommerce_rest_customer_invalid_email',
      message: 'Email address is invalid.',
    };
    return errorReply(error);
  }
  applyChanges(customer, input, now);
  request.emit('customer.updated', id);
  return { status: 200, body: structuredClone(customer) };
}

function list(request: Request): Reply {
  const params = parseListParams(request.url.searchParams, {
    orderby: ['id', 'include', 'name', 'registered_date'],
    defaultOrderby: 'name',
    defaultOrder: 'asc',
    dates: false,
  });
  if ('code' in params) return errorReply(params);
  const query = request.url.searchParams;
  const email = query.get('email');
  const role = query.get('role') ?? 'customer';
  const include = query.get('include')?.split(',').map(Number);
  const found = request.store.customers.filter(
    (customer) =>
      (email === null || customer.email.toLowerCase() === email.toLowerCase()) &&
      (role === 'all' || customer.role === role) &&
      (include === undefined || include.includes(customer.id)) &&
      matches(params.search, customer.email, customer.first_name, customer.last_name, customer.username),
  );
  const sorted = sortItems(found, params, (customer, orderby) => {
    if (orderby === 'name') return customer.username.toLowerCase();
    if (orderby === 'registered_date') return customer.date_created_gmt;
    if (orderby === 'include' && include !== undefined) return include.indexOf(customer.id);
    return customer.id;
  });
  const page = paginate(sorted, params, request.url, request.origin);
  return { status: 200, body: structuredClone(page.items), headers: page.headers };
}

/**
 * /customers and /customers/{id}. Customers have no date filters (WP_User_Query): WordPress ignores
 * modified_after here, and the default order is by name, ascending.
 */
export function customers(request: Request): Reply | undefined {
  const [resource, second, third] = request.segments;
  if (resource !== 'customers' || third !== undefined) return undefined;
  const { method } = request;
  if (second === undefined) {
    if (method === 'GET') return request.authenticated ? list(request) : errorReply(notAllowed('list'));
    if (method === 'POST') return request.authenticated ? create(request) : errorReply(notAllowed('create'));
    return undefined;
  }
  const id = idSegment(second);
  if (id === undefined) return undefined;
  if (method === 'GET') {
    if (!request.authenticated) return errorReply(notAllowed('view'));
    const customer = request.store.customers.find((candidate) => candidate.id === id);
    if (customer === undefined) {
      return errorReply({
        status: 404,
        code: 'woocommerce_rest_invalid_id',
        message: 'Invalid resource ID.',
      });
    }
    return { status: 200, body: structuredClone(customer) };
  }
  if (method === 'PUT' || method === 'PATCH' || method === 'POST') {
    return request.authenticated ? update(request, id) : errorReply(notAllowed('edit'));
  }
  return undefined;
}
