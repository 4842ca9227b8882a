import { notAllowed } from './auth.js';
import { matches, paginate, parseListParams, sortItems } from './paging.js';
import { errorReply, idSegment, type Reply, type Request } from './router.js';

/** /customers and /customers/{id}: read only. Customers have no date filters; the default order is name, ascending. */
export function customers(request: Request): Reply | undefined {
  const [resource, second, third] = request.segments;
  if (resource !== 'customers' || third !== undefined || request.method !== 'GET') return undefined;
  if (second === undefined) {
    if (!request.authenticated) return errorReply(notAllowed('list'));
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
    const found = request.store.customers.filter(
      (customer) =>
        (email === null || customer.email.toLowerCase() === email.toLowerCase()) &&
        (role === 'all' || customer.role === role) &&
        matches(params.search, customer.email, customer.first_name, customer.last_name, customer.username),
    );
    const sorted = sortItems(found, params, (customer, orderby) => {
      if (orderby === 'name') return customer.username.toLowerCase();
      if (orderby === 'registered_date') return customer.date_created_gmt;
      return customer.id;
    });
    const page = paginate(sorted, params, request.url, request.origin);
    return { status: 200, body: structuredClone(page.items), headers: page.headers };
  }
  const id = idSegment(second);
  if (id === undefined) return undefined;
  if (!request.authenticated) return errorReply(notAllowed('view'));
  const customer = request.store.customers.find((candidate) => candidate.id === id);
  if (customer === undefined) {
    return errorReply({ status: 404, code: 'woocommerce_rest_invalid_id', message: 'Invalid resource ID.' });
  }
  return { status: 200, body: structuredClone(customer) };
}
