import { BodyReader } from './fields.js';
import {
  invalid,
  methodNotAllowed,
  notFound,
  notSupported,
  type Reply,
  type Request,
  readOnly,
  type Subscription,
} from './router.js';

const shownSubscription = ({ id, url, createdAt }: Subscription) => ({ id, url, createdAt });

/** Where a webhook may go: http(s), no user name or password in it. A real cart should insist on https. */
function webhookUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password
      ? url
      : undefined;
  } catch {
    return undefined;
  }
}

/** GET/POST /webhooks and DELETE /webhooks/{id}: where the cart delivers its change notices. */
export function webhooks(request: Request): Reply | undefined {
  const [resource, id, extra] = request.segments;
  if (resource !== 'webhooks' || extra !== undefined) return undefined;
  if (!request.capabilities.webhooks) return notSupported('webhooks');
  if (request.method !== 'GET' && !request.canWrite) return readOnly();
  if (id !== undefined) {
    if (request.method !== 'DELETE') return methodNotAllowed('DELETE');
    return request.subscriptions.remove(id) ? { status: 204 } : notFound(`webhook ${id}`);
  }
  if (request.method === 'GET') {
    return { status: 200, body: { data: request.subscriptions.list().map(shownSubscription) } };
  }
  if (request.method !== 'POST') return methodNotAllowed('GET, POST');
  const body = new BodyReader(request.body);
  const url = body.text('url', 2000, { min: 1 });
  if (typeof url === 'string' && webhookUrl(url) === undefined) {
    body.errors.push({ pointer: '/url', detail: 'must be an http or https address without credentials' });
  }
  if (body.errors.length > 0 || typeof url !== 'string')
    return invalid('The webhook is not valid.', body.errors);
  const { subscription, created } = request.subscriptions.add(url, request.token, request.now);
  return {
    status: created ? 201 : 200,
    body: shownSubscription(subscription),
    ...(created ? { headers: { Location: `/tandem-cart/v1/webhooks/${subscription.id}` } } : {}),
  };
}
