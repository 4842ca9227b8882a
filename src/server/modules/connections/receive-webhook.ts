import { createHmac } from 'node:crypto';
import { eq, lt, sql } from 'drizzle-orm';
import { safeEqual, sha256 } from '../../platform/crypto.js';
import type { Tx } from '../../platform/db.js';
import { DomainError } from '../../platform/errors.js';
import type { SealedBox } from '../../platform/sealed-box.js';
import { cartDate } from './adapters/cart-http.js';
import { readCustomCartEvent, verifyCustomCartSignature } from './adapters/custom-webhook.js';
import { bindingsOf } from './bindings.js';
import type { CartEntity } from './cart.js';
import { type ConnectionRow, openCredentials } from './connections.js';
import { connections, webhookDeliveries } from './schema.js';
import { SYNC_CHANNEL } from './sync-control.js';

/** What a verified delivery says changed. */
interface Notice {
  deliveryId: string;
  entity: CartEntity | null;
  externalId: string | null;
  updatedAt: Date | null;
}

export type WebhookOutcome = 'run_requested' | 'duplicate' | 'stale' | 'ping' | 'ignored';

const refused = (detail: string) => new DomainError('unauthenticated', 'unauthenticated', detail);

const wooEntities: Record<string, CartEntity> = { order: 'orders', product: 'items', customer: 'customers' };

/** WooCommerce signs the raw body: base64 of HMAC-SHA256 with the webhook's secret (WC_Webhook::generate_signature). */
function readWooCommerce(
  headers: Record<string, string | undefined>,
  raw: Buffer,
  secret: string | undefined,
): Notice | 'ping' {
  const signature = headers['x-wc-webhook-signature'];
  if (!signature) {
    // The ping WooCommerce sends when a webhook is saved: a form body, unsigned, changing nothing.
    if (/^webhook_id=\d{1,20}$/.test(raw.toString('utf8'))) return 'ping';
    throw refused('The delivery is not signed.');
  }
  if (!secret) throw refused('Set the webhook secret on the connection to receive WooCommerce webhooks.');
  const expected = createHmac('sha256', secret).update(raw).digest('base64');
  if (!safeEqual(signature, expected)) throw refused('The signature does not match the body.');
  const header = headers['x-wc-webhook-delivery-id'];
  if (!header || header.length > 100) throw refused('The delivery has no id.');
  // WooCommerce's delivery id is a hash of the webhook and the second it was sent: two deliveries
  // in one second share it. With the body's hash it tells a repeat from a different delivery.
  const deliveryId = `${header}:${sha256(raw).slice(0, 32)}`;
  const entity = wooEntities[headers['x-wc-webhook-resource'] ?? ''] ?? null;
  let body: { id?: unknown; date_modified_gmt?: unknown } = {};
  try {
    body = JSON.parse(raw.toString('utf8')) as typeof body;
  } catch {
    // A signed body that is not JSON still asks for a run; there is just nothing to compare.
  }
  return {
    deliveryId,
    entity,
    externalId: typeof body.id === 'number' || typeof body.id === 'string' ? String(body.id) : null,
    updatedAt: cartDate(body.date_modified_gmt) ?? null,
  };
}

function readCustom(
  headers: Record<string, string | undefined>,
  raw: Buffer,
  token: string,
  now: Date,
): Notice | 'ignored' {
  const check = verifyCustomCartSignature(raw, headers['tandem-cart-signature'], token, now);
  if (!check.ok) throw refused(`The signature is ${check.reason}.`);
  const read = readCustomCartEvent(raw);
  if ('invalid' in read)
    throw new DomainError(
      'invalid_input',
      'validation_failed',
      `The delivery is not valid: ${read.invalid}.`,
    );
  if ('ignored' in read) return 'ignored';
  const { event } = read;
  return {
    deliveryId: event.id,
    entity: event.entity,
    externalId: event.externalId,
    updatedAt: event.updatedAt,
  };
}

/**
 * A webhook from a connected cart. The address's key and the signature over the raw body are
 * checked before anything else; then a delivery seen before, or one older than the version Tandem
 * already holds (deliveries come out of order), changes nothing. Any other asks for a run at once.
 */
export async function receiveWebhook(
  db: Tx,
  box: SealedBox,
  input: {
    connectionId: string;
    key: string;
    headers: Record<string, string | undefined>;
    raw: Buffer;
    now?: Date;
  },
): Promise<WebhookOutcome> {
  const [row] = await db.select().from(connections).where(eq(connections.id, input.connectionId));
  // An unknown connection and a wrong key get the same answer: the address says nothing.
  if (!row || !safeEqual(row.webhookKey, input.key)) throw refused('Unknown webhook address.');
  const notice = readNotice(row, box, input.headers, input.raw, input.now ?? new Date());
  if (notice === 'ping' || notice === 'ignored') return notice;
  return db.transaction(async (tx) => {
    const [fresh] = await tx
      .insert(webhookDeliveries)
      .values({ connectionId: row.id, deliveryId: notice.deliveryId })
      .onConflictDoNothing()
      .returning();
    if (!fresh) return 'duplicate';
    if (notice.entity && notice.externalId && notice.updatedAt) {
      const held = (await bindingsOf(tx, row.id, notice.entity, [notice.externalId])).get(notice.externalId);
      if (held?.externalUpdatedAt && notice.updatedAt <= held.externalUpdatedAt) return 'stale';
    }
    if (row.syncStatus !== 'RUNNING') return 'ignored';
    await tx
      .update(connections)
      .set({ runRequestedAt: new Date(), runRequestedBy: 'webhook' })
      .where(eq(connections.id, row.id));
    await tx.execute(sql`select pg_notify(${SYNC_CHANNEL}, ${row.id})`);
    return 'run_requested';
  });
}

function readNotice(
  row: ConnectionRow,
  box: SealedBox,
  headers: Record<string, string | undefined>,
  raw: Buffer,
  now: Date,
): Notice | 'ping' | 'ignored' {
  const credentials = openCredentials(box, row);
  if (row.type === 'woocommerce') return readWooCommerce(headers, raw, credentials.webhookSecret);
  if (row.type === 'custom') return readCustom(headers, raw, credentials.token ?? '', now);
  throw refused('This cart does not send webhooks to Tandem.');
}

/** Delivery ids are kept a week: carts retry for a day or two at most. */
export async function pruneWebhookDeliveries(db: Tx, now = new Date()): Promise<void> {
  await db
    .delete(webhookDeliveries)
    .where(lt(webhookDeliveries.receivedAt, new Date(now.getTime() - 7 * 86_400_000)));
}
