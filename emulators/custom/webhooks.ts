import { createHmac, randomBytes } from 'node:crypto';
import type { Change, Subscription, Subscriptions } from './router.js';

/** What the cart POSTs: a notice that a record changed; the receiver reads the record itself. */
export interface CartEvent {
  id: string;
  type: Change['type'];
  occurredAt: string;
  data: { id: string; updatedAt: string };
}

/** One attempt to deliver one event to one subscription. */
export interface Delivery {
  eventId: string;
  type: CartEvent['type'];
  url: string;
  attempt: number;
  /** The receiver's status; null when it could not be reached. */
  status: number | null;
  error: string | null;
  body: string;
  signature: string;
  sentAt: string;
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" keyed with the token>`. */
export function signatureHeader(body: string, token: string, unixSeconds: number): string {
  const hex = createHmac('sha256', token).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${hex}`;
}

export interface WebhookOptions {
  /** Waits before each retry of a failed delivery; its length is how many retries there are. */
  retryDelaysMs?: readonly number[];
  /** How long a receiver has to answer. */
  timeoutMs?: number;
}

/**
 * Keeps the subscriptions and delivers events to each in the order they happened, one at a time
 * per subscription, retrying failures. Tests can hold events and release them reversed (out of
 * order), or deliver one again (a duplicate, same id and body, freshly signed).
 */
export class WebhookSender implements Subscriptions {
  readonly deliveries: Delivery[] = [];
  readonly events: CartEvent[] = [];
  private readonly subscriptions: Subscription[] = [];
  private readonly queues = new Map<string, Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly pending = new Set<Promise<void>>();
  private held: CartEvent[] | undefined;
  private closed = false;
  private nextId = 1;

  constructor(private readonly options: WebhookOptions = {}) {}

  list(): Subscription[] {
    return this.subscriptions.map((subscription) => ({ ...subscription }));
  }

  add(url: string, token: string, now: Date): { subscription: Subscription; created: boolean } {
    const existing = this.subscriptions.find((candidate) => candidate.url === url);
    if (existing !== undefined) {
      existing.token = token;
      return { subscription: { ...existing }, created: false };
    }
    const subscription = { id: `wh_${this.nextId++}`, url, token, createdAt: now.toISOString() };
    this.subscriptions.push(subscription);
    return { subscription: { ...subscription }, created: true };
  }

  remove(id: string): boolean {
    const index = this.subscriptions.findIndex((candidate) => candidate.id === id);
    if (index < 0) return false;
    this.subscriptions.splice(index, 1);
    return true;
  }

  /** Records the event and sends it to every subscription, unless events are held. */
  emit(change: Change, now: Date): CartEvent {
    const event: CartEvent = {
      id: `evt_${randomBytes(12).toString('hex')}`,
      type: change.type,
      occurredAt: now.toISOString(),
      data: { id: change.id, updatedAt: change.updatedAt },
    };
    this.events.push(event);
    if (this.held !== undefined) this.held.push(event);
    else this.sendToAll(event);
    return event;
  }

  hold(): void {
    this.held ??= [];
  }

  /** Sends the held events, in the order they happened or reversed, and waits for them. */
  async release(order: 'in_order' | 'reversed' = 'in_order'): Promise<void> {
    const held = this.held ?? [];
    this.held = undefined;
    for (const event of order === 'reversed' ? [...held].reverse() : held) this.sendToAll(event);
    await this.settled();
  }

  /** Delivers an event again to every subscription, as a cart does when it is unsure it got through. */
  async deliverAgain(eventId: string): Promise<Delivery[]> {
    const event = this.events.find((candidate) => candidate.id === eventId);
    if (event === undefined) throw new Error(`no event ${eventId}`);
    const before = this.deliveries.length;
    this.sendToAll(event);
    await this.settled();
    return this.deliveries.slice(before).filter((delivery) => delivery.eventId === eventId);
  }

  /** Resolves once nothing is being sent (retries waiting on a timer are not waited for). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private sendToAll(event: CartEvent): void {
    const body = JSON.stringify(event);
    for (const subscription of this.subscriptions) this.enqueue(subscription, event, body, 1);
  }

  /** One queue per subscription keeps its deliveries in order. */
  private enqueue(subscription: Subscription, event: CartEvent, body: string, attempt: number): void {
    const previous = this.queues.get(subscription.id) ?? Promise.resolve();
    const next = previous.then(() => this.deliver(subscription, event, body, attempt));
    this.queues.set(subscription.id, next);
    this.pending.add(next);
    void next.finally(() => this.pending.delete(next));
  }

  private async deliver(subscription: Subscription, event: CartEvent, body: string, attempt: number) {
    if (this.closed) return;
    const signature = signatureHeader(body, subscription.token, Math.floor(Date.now() / 1000));
    const delivery: Delivery = {
      eventId: event.id,
      type: event.type,
      url: subscription.url,
      attempt,
      status: null,
      error: null,
      body,
      signature,
      sentAt: new Date().toISOString(),
    };
    try {
      const response = await fetch(subscription.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'tandem-cart-emulator',
          'Tandem-Cart-Signature': signature,
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      await response.body?.cancel();
      delivery.status = response.status;
    } catch (error) {
      delivery.error = (error as Error).message;
    }
    this.deliveries.push(delivery);
    const delivered = delivery.status !== null && delivery.status >= 200 && delivery.status < 300;
    const wait = this.options.retryDelaysMs?.[attempt - 1];
    if (delivered || wait === undefined || this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.subscriptions.some((candidate) => candidate.id === subscription.id)) {
        this.enqueue(subscription, event, body, attempt + 1);
      }
    }, wait);
    this.timers.add(timer);
  }
}
