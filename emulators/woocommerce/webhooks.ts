import { createHmac, randomBytes } from 'node:crypto';
import type { WcError } from './auth.js';
import { phpJson } from './php-json.js';
import { wcDate } from './seed.js';

/** The WordPress hooks behind each topic (WC_Webhook::get_default_topic_hooks), shown as `hooks`. */
const TOPIC_HOOKS: Readonly<Record<string, readonly string[]>> = {
  'coupon.created': ['woocommerce_process_shop_coupon_meta', 'woocommerce_new_coupon'],
  'coupon.updated': ['woocommerce_process_shop_coupon_meta', 'woocommerce_update_coupon'],
  'coupon.deleted': ['wp_trash_post'],
  'coupon.restored': ['untrashed_post'],
  'customer.created': ['user_register', 'woocommerce_created_customer', 'woocommerce_new_customer'],
  'customer.updated': ['profile_update', 'woocommerce_update_customer'],
  'customer.deleted': ['delete_user'],
  'order.created': ['woocommerce_new_order'],
  'order.updated': [
    'woocommerce_update_order',
    'woocommerce_order_refunded',
    'woocommerce_delete_order_refund',
  ],
  'order.deleted': ['wp_trash_post', 'woocommerce_trash_order'],
  'order.restored': ['untrashed_post', 'woocommerce_untrash_order'],
  'product.created': [
    'woocommerce_process_product_meta',
    'woocommerce_new_product',
    'woocommerce_new_product_variation',
  ],
  'product.updated': [
    'woocommerce_process_product_meta',
    'woocommerce_update_product',
    'woocommerce_update_product_variation',
  ],
  'product.deleted': ['wp_trash_post'],
  'product.restored': ['untrashed_post'],
};

const STATUSES = ['active', 'paused', 'disabled'] as const;
export type WebhookStatus = (typeof STATUSES)[number];

export const isStatus = (value: unknown): value is WebhookStatus => STATUSES.includes(value as WebhookStatus);

/** WooCommerce disables a webhook once its count of consecutive failures is past this. */
const MAX_FAILURES = 5;
/** Deliveries remembered for deliverAgain and assertions; older ones are forgotten. */
const LOG_LIMIT = 10_000;
const USER_AGENT = 'WooCommerce/9.9.7 Hookshot (WordPress/6.8.1)';

export interface Webhook {
  id: number;
  name: string;
  status: WebhookStatus;
  topic: string;
  delivery_url: string;
  secret: string;
  failure_count: number;
  date_created_gmt: string;
  date_modified_gmt: string;
}

export interface NewWebhook {
  topic: string;
  delivery_url: string;
  secret?: string | undefined;
  name?: string | undefined;
  status?: WebhookStatus | undefined;
}

export interface Delivery {
  /** Unique in this emulator. The delivery id header is not: see `deliveryIdOf`. */
  seq: number;
  deliveryId: string;
  webhookId: number;
  /** `ping` for the ping sent when a webhook is created through the API. */
  topic: string;
  url: string;
  /** The exact bytes sent, so a signature can be checked against them. */
  body: string;
  headers: Record<string, string>;
  state: 'held' | 'sending' | 'delivered' | 'failed';
  attempts: number;
  /** Each attempt's HTTP status; 0 when nothing answered. */
  responses: number[];
}

export interface WebhookHubOptions {
  /** home_url('/'): the X-WC-Webhook-Source header. */
  source: () => string;
  /** The resource as the REST API shows it now, or undefined once it is gone. */
  render: (resource: string, id: number) => unknown;
  /** Waits before each retry of a failed delivery; its length is the number of retries. */
  retryDelaysMs?: readonly number[] | undefined;
  /** Per attempt. WooCommerce waits 60 s; tests want less. */
  timeoutMs?: number | undefined;
}

function isValidTopic(topic: string): boolean {
  return topic in TOPIC_HOOKS || /^action\.[a-z0-9_]+$/i.test(topic);
}

function isValidUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** wp_specialchars_decode(secret, ENT_QUOTES), which generate_signature applies to the secret. */
function decodedSecret(secret: string): string {
  return secret
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** base64 HMAC-SHA256 of the raw body, keyed with the webhook's secret (WC_Webhook::generate_signature). */
export function webhookSignature(body: string, secret: string): string {
  return createHmac('sha256', decodedSecret(secret)).update(body).digest('base64');
}

/**
 * Webhooks as WooCommerce keeps and delivers them: one POST per active webhook whose topic matches,
 * the JSON body of the resource as GET shows it, signed with the webhook's secret. Deliveries run in
 * the background and never hold up the API answer that caused them. Unlike WooCommerce (which sends
 * once and only counts failures), a failed delivery is tried again a few times; after more than five
 * consecutive failed deliveries the webhook is disabled, as in WooCommerce. The body is the resource
 * at the time of the change (WooCommerce builds it when the queued action runs, which is usually, not
 * always, the same), so a delivery held back and sent late carries an older state than the store has.
 */
export class WebhookHub {
  private readonly hooks: Webhook[] = [];
  private readonly log: Delivery[] = [];
  private readonly held: Delivery[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly stop = new AbortController();
  private readonly salt = randomBytes(32);
  private holding = false;
  private nextId = 1;
  private nextSeq = 1;

  constructor(private readonly options: WebhookHubOptions) {}

  add(input: NewWebhook, now: Date): Webhook | WcError {
    const topic = input.topic.trim().toLowerCase();
    if (!isValidTopic(topic)) {
      return {
        status: 400,
        code: 'woocommerce_rest_webhook_invalid_topic',
        message: 'Webhook topic is required and must be valid.',
      };
    }
    if (!isValidUrl(input.delivery_url)) {
      return {
        status: 400,
        code: 'woocommerce_rest_webhook_invalid_delivery_url',
        message: 'Webhook delivery URL must be a valid URL starting with http:// or https://.',
      };
    }
    const webhook: Webhook = {
      id: this.nextId++,
      name: input.name || `Webhook created on ${now.toUTCString()}`,
      status: input.status ?? 'active',
      topic,
      delivery_url: input.delivery_url,
      // wp_generate_password( 50, true, true ) when none is given.
      secret: input.secret || randomBytes(38).toString('base64').slice(0, 50),
      failure_count: 0,
      date_created_gmt: wcDate(now),
      date_modified_gmt: wcDate(now),
    };
    this.hooks.push(webhook);
    return webhook;
  }

  list(): Webhook[] {
    return structuredClone(this.hooks);
  }

  /** The webhook as the v3 REST API answers it: never the secret. */
  view(webhook: Webhook): Record<string, unknown> {
    const [resource, event] = webhook.topic.split('.');
    return {
      id: webhook.id,
      name: webhook.name,
      status: webhook.status,
      topic: webhook.topic,
      resource,
      event,
      hooks: TOPIC_HOOKS[webhook.topic] ?? [event],
      delivery_url: webhook.delivery_url,
      date_created: webhook.date_created_gmt,
      date_created_gmt: webhook.date_created_gmt,
      date_modified: webhook.date_modified_gmt,
      date_modified_gmt: webhook.date_modified_gmt,
    };
  }

  /** A resource changed: every active webhook on that topic gets a delivery. */
  emit(topic: string, id: number): void {
    const [resource, event] = topic.split('.');
    if (resource === undefined || event === undefined) return;
    let body: string | undefined;
    for (const webhook of this.hooks) {
      if (webhook.status !== 'active' || webhook.topic !== topic) continue;
      // One body for every webhook on the topic: the resource as it is at this moment.
      body ??= phpJson(event === 'deleted' ? { id } : (this.options.render(resource, id) ?? { id })).trim();
      const delivery = this.prepare(webhook, topic, body);
      if (this.holding) {
        delivery.state = 'held';
        this.held.push(delivery);
      } else {
        this.track(this.send(delivery, true));
      }
    }
  }

  /** WC_Webhook::deliver_ping: a form body naming the webhook, no signature, sent once. */
  ping(webhook: Webhook): void {
    const delivery: Delivery = {
      seq: this.nextSeq++,
      deliveryId: '',
      webhookId: webhook.id,
      topic: 'ping',
      url: webhook.delivery_url,
      body: `webhook_id=${webhook.id}`,
      headers: { 'User-Agent': USER_AGENT, 'Content-Type': 'application/x-www-form-urlencoded' },
      state: 'sending',
      attempts: 0,
      responses: [],
    };
    this.remember(delivery);
    this.track(this.send(delivery, false));
  }

  /** From now on deliveries wait until released. */
  hold(): void {
    this.holding = true;
  }

  /** Sends the held deliveries one after another (last first with `reverse`) and stops holding. */
  async release(options: { reverse?: boolean } = {}): Promise<void> {
    this.holding = false;
    const batch = this.held.splice(0, this.held.length);
    if (options.reverse) batch.reverse();
    const all = (async () => {
      for (const delivery of batch) await this.send(delivery, true);
    })();
    this.track(all);
    await all;
  }

  /**
   * Sends a delivery again, byte for byte and with the same headers, as a duplicate a receiver must
   * recognise. Takes the emulator's `seq` or a delivery id (the latest delivery with that id).
   */
  async deliverAgain(which: number | string): Promise<Delivery> {
    const original =
      typeof which === 'number'
        ? this.log.find((delivery) => delivery.seq === which)
        : this.log.findLast((delivery) => delivery.deliveryId === which);
    if (original === undefined) throw new Error(`no delivery ${which}`);
    const copy: Delivery = { ...structuredClone(original), seq: this.nextSeq++, attempts: 0, responses: [] };
    this.remember(copy);
    const sent = this.send(copy, false);
    this.track(sent);
    await sent;
    return structuredClone(copy);
  }

  deliveries(): Delivery[] {
    return structuredClone(this.log);
  }

  /** Resolves once nothing is being sent or waiting to be retried (held deliveries excepted). */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  close(): void {
    this.stop.abort();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  find(id: number): Webhook | undefined {
    return this.hooks.find((candidate) => candidate.id === id);
  }

  remove(webhook: Webhook): void {
    this.hooks.splice(this.hooks.indexOf(webhook), 1);
  }

  /** Changes what the request names, as WC_REST_Webhooks_V1_Controller::update_item does. */
  change(webhook: Webhook, body: Record<string, unknown>, now: Date): WcError | undefined {
    const error = (code: string, message: string): WcError => ({
      status: 400,
      code: `woocommerce_rest_webhook_${code}`,
      message,
    });
    if (typeof body.topic === 'string' && body.topic !== '') {
      if (!isValidTopic(body.topic.toLowerCase()))
        return error('invalid_topic', 'Webhook topic must be valid.');
      webhook.topic = body.topic.toLowerCase();
    }
    if (typeof body.delivery_url === 'string' && body.delivery_url !== '') {
      if (!isValidUrl(body.delivery_url)) {
        return error(
          'invalid_delivery_url',
          'Webhook delivery URL must be a valid URL starting with http:// or https://.',
        );
      }
      webhook.delivery_url = body.delivery_url;
    }
    if (typeof body.secret === 'string' && body.secret !== '') webhook.secret = body.secret;
    if (typeof body.status === 'string' && body.status !== '') {
      if (!isStatus(body.status)) return error('invalid_status', 'Webhook status must be valid.');
      webhook.status = body.status;
    }
    if (typeof body.name === 'string' && body.name !== '') webhook.name = body.name;
    webhook.date_modified_gmt = wcDate(now);
    return undefined;
  }

  /**
   * WC_Webhook::get_new_delivery_id is wp_hash( webhook id . time in seconds ): two deliveries of one
   * webhook within the same second carry the same id, so it is no key to tell deliveries apart.
   */
  private deliveryIdOf(webhookId: number): string {
    return createHmac('md5', this.salt)
      .update(`${webhookId}${Math.floor(Date.now() / 1000)}`)
      .digest('hex');
  }

  private prepare(webhook: Webhook, topic: string, body: string): Delivery {
    const [resource, event] = topic.split('.');
    const deliveryId = this.deliveryIdOf(webhook.id);
    const delivery: Delivery = {
      seq: this.nextSeq++,
      deliveryId,
      webhookId: webhook.id,
      topic,
      url: webhook.delivery_url,
      body,
      headers: {
        'User-Agent': USER_AGENT,
        'Content-Type': 'application/json',
        'X-WC-Webhook-Source': this.options.source(),
        'X-WC-Webhook-Topic': topic,
        'X-WC-Webhook-Resource': resource ?? '',
        'X-WC-Webhook-Event': event ?? '',
        'X-WC-Webhook-Signature': webhookSignature(body, webhook.secret),
        'X-WC-Webhook-ID': String(webhook.id),
        'X-WC-Webhook-Delivery-ID': deliveryId,
      },
      state: 'sending',
      attempts: 0,
      responses: [],
    };
    this.remember(delivery);
    return delivery;
  }

  private remember(delivery: Delivery): void {
    this.log.push(delivery);
    if (this.log.length > LOG_LIMIT) this.log.splice(0, this.log.length - LOG_LIMIT);
  }

  private track(work: Promise<void>): void {
    this.running.add(work);
    work.finally(() => this.running.delete(work)).catch(() => undefined);
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  /** One POST; 2xx, 301 and 302 count as delivered (WC_Webhook::log_delivery). */
  private async attempt(delivery: Delivery): Promise<boolean> {
    delivery.attempts += 1;
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: delivery.headers,
        body: delivery.body,
        redirect: 'manual',
        signal: AbortSignal.any([this.stop.signal, AbortSignal.timeout(this.options.timeoutMs ?? 10_000)]),
      });
      await response.arrayBuffer().catch(() => undefined);
      delivery.responses.push(response.status);
      return response.status >= 200 && response.status < 303;
    } catch {
      delivery.responses.push(0);
      return false;
    }
  }

  private async send(delivery: Delivery, retry: boolean): Promise<void> {
    delivery.state = 'sending';
    // Never in the same tick as the change: the API answer goes out first.
    await new Promise((resolve) => setImmediate(resolve));
    const delays = retry ? (this.options.retryDelaysMs ?? [200, 1000, 3000]) : [];
    let ok = await this.attempt(delivery);
    for (const delay of delays) {
      if (ok || this.stop.signal.aborted) break;
      await this.wait(delay);
      ok = await this.attempt(delivery);
    }
    delivery.state = ok ? 'delivered' : 'failed';
    const webhook = this.find(delivery.webhookId);
    if (webhook === undefined || delivery.topic === 'ping') return;
    if (ok) webhook.failure_count = 0;
    else if (webhook.failure_count > MAX_FAILURES) webhook.status = 'disabled';
    else webhook.failure_count += 1;
  }
}
