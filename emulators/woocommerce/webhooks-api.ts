import { notAllowed } from './auth.js';
import { errorReply, type Handler, idSegment, record } from './router.js';
import { isStatus, type WebhookHub } from './webhooks.js';

/** wc/v3 /webhooks and /webhooks/{id}, as WC_REST_Webhooks_Controller answers them. */
export function webhooksApi(hub: WebhookHub): Handler {
  return (request) => {
    const [resource, second, third] = request.segments;
    if (resource !== 'webhooks' || third !== undefined) return undefined;
    const { method } = request;
    if (second === undefined) {
      if (method === 'GET') {
        if (!request.authenticated) return errorReply(notAllowed('list'));
        const status = request.url.searchParams.get('status') ?? 'all';
        const shown = hub.list().filter((webhook) => status === 'all' || webhook.status === status);
        return {
          status: 200,
          body: shown.map((webhook) => hub.view(webhook)),
          headers: { 'X-WP-Total': String(shown.length), 'X-WP-TotalPages': shown.length > 0 ? '1' : '0' },
        };
      }
      if (method !== 'POST') return undefined;
      if (!request.authenticated) return errorReply(notAllowed('create'));
      const body = record(request.body);
      const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
      const created = hub.add(
        {
          topic: text(body.topic) ?? '',
          delivery_url: text(body.delivery_url) ?? '',
          secret: text(body.secret),
          name: text(body.name),
          status: isStatus(body.status) ? body.status : undefined,
        },
        request.now,
      );
      if ('code' in created) return errorReply(created);
      // WooCommerce pings the delivery URL before answering; here the ping never holds up the answer.
      hub.ping(created);
      return { status: 201, body: hub.view(created) };
    }
    const id = idSegment(second);
    if (id === undefined) return undefined;
    const webhook = hub.find(id);
    const invalid = (status: number) =>
      errorReply({ status, code: 'woocommerce_rest_webhook_invalid_id', message: 'Invalid ID.' });
    if (method === 'GET') {
      if (!request.authenticated) return errorReply(notAllowed('view'));
      return webhook === undefined ? invalid(404) : { status: 200, body: hub.view(webhook) };
    }
    if (method === 'PUT' || method === 'PATCH' || method === 'POST') {
      if (!request.authenticated) return errorReply(notAllowed('edit'));
      if (webhook === undefined) return invalid(400);
      const error = hub.change(webhook, record(request.body), request.now);
      return error === undefined ? { status: 200, body: hub.view(webhook) } : errorReply(error);
    }
    if (method === 'DELETE') {
      if (!request.authenticated) return errorReply(notAllowed('delete'));
      if (!['true', '1'].includes(request.url.searchParams.get('force') ?? '')) {
        return errorReply({
          status: 501,
          code: 'woocommerce_rest_trash_not_supported',
          message: 'Webhooks do not support trashing.',
        });
      }
      if (webhook === undefined) return invalid(404);
      hub.remove(webhook);
      return { status: 200, body: hub.view(webhook) };
    }
    return undefined;
  };
}
