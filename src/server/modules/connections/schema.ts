import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { ConnectionOptions } from '../../../contracts/connections.js';
import { cartEntities, cartTypes } from './cart.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Where each entity's changes were read up to: the cart's modification time of the last record applied. */
export interface SyncCursors {
  orders?: string | null;
  items?: string | null;
  customers?: string | null;
  /** When the newest order imported was placed in the cart ("last order from"). */
  ordersFrom?: string | null;
}

/** One external cart Tandem keeps in step with. */
export const connections = pgTable(
  'connections',
  {
    id: text('id').primaryKey(),
    type: text('type', { enum: cartTypes }).notNull(),
    name: text('name').notNull(),
    url: text('url').notNull(),
    /** The credentials as one JSON object, sealed (AES-256-GCM): never stored or returned in the clear. */
    credentialsSealed: text('credentials_sealed').notNull(),
    /** Which credentials are set, by name, so the answer can say so without opening them. */
    credentialsSet: text('credentials_set').array().notNull(),
    options: jsonb('options').$type<ConnectionOptions>().notNull(),
    syncStatus: text('sync_status', { enum: ['RUNNING', 'STOPPED'] })
      .notNull()
      .default('STOPPED'),
    /**
     * A keyed hash of the address and credentials the last passing test used: auto-sync starts only
     * while it matches the current ones.
     */
    testedFingerprint: text('tested_fingerprint'),
    testedAt: ts('tested_at'),
    lastTestOk: text('last_test_ok', { enum: ['yes', 'no'] }),
    lastTestDetail: text('last_test_detail'),
    cursors: jsonb('cursors').$type<SyncCursors>().notNull().default({}),
    /** Why auto-sync stopped by itself (credentials refused), for staff to see. */
    stoppedReason: text('stopped_reason'),
    /** When the next scheduled run is due (RUNNING only), and a run asked for now. */
    nextRunAt: ts('next_run_at'),
    runRequestedAt: ts('run_requested_at'),
    runRequestedBy: text('run_requested_by', { enum: ['manual', 'webhook'] }),
    /** The secret in the address carts deliver webhooks to. */
    webhookKey: text('webhook_key').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('connections_created').on(t.createdAt, t.id),
    check('connections_type', sql`${t.type} in ('woocommerce', 'prestashop', 'shopify', 'custom')`),
    check('connections_sync_status', sql`${t.syncStatus} in ('RUNNING', 'STOPPED')`),
  ],
);

/** A record of the cart and the Tandem record it is: one each way, so nothing is imported twice. */
export const connectionBindings = pgTable(
  'connection_bindings',
  {
    connectionId: text('connection_id')
      .notNull()
      .references(() => connections.id),
    entity: text('entity', { enum: cartEntities }).notNull(),
    externalId: text('external_id').notNull(),
    tandemId: text('tandem_id').notNull(),
    /** The cart's modification time of the version applied: older deliveries are ignored. */
    externalUpdatedAt: ts('external_updated_at'),
    /** The cart's status of that version (orders), so only a real change is written to history. */
    externalStatus: text('external_status'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.connectionId, t.entity, t.externalId] }),
    uniqueIndex('connection_bindings_tandem').on(t.connectionId, t.entity, t.tandemId),
    index('connection_bindings_by_tandem_id').on(t.tandemId),
  ],
);

export const syncRunStatuses = ['running', 'succeeded', 'failed', 'interrupted'] as const;

/** One sync run: what it did, as it goes and once it ends. */
export const syncRuns = pgTable(
  'sync_runs',
  {
    id: text('id').primaryKey(),
    connectionId: text('connection_id')
      .notNull()
      .references(() => connections.id),
    trigger: text('trigger', { enum: ['schedule', 'manual', 'webhook'] }).notNull(),
    status: text('status', { enum: syncRunStatuses }).notNull(),
    /** What the run is on now, for the live progress bar: entity and records done so far. */
    entity: text('entity'),
    done: integer('done').notNull().default(0),
    total: integer('total'),
    imported: integer('imported').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    /** Requests made to the cart. */
    requests: integer('requests').notNull().default(0),
    detail: text('detail'),
    startedAt: ts('started_at').notNull().defaultNow(),
    finishedAt: ts('finished_at'),
  },
  (t) => [index('sync_runs_connection').on(t.connectionId, t.id)],
);

/** A record a run could not apply, with the cart's id for it and why; the run went on. */
export const syncErrors = pgTable(
  'sync_errors',
  {
    id: text('id').primaryKey(),
    runId: text('run_id')
      .notNull()
      .references(() => syncRuns.id),
    entity: text('entity').notNull(),
    externalId: text('external_id'),
    reason: text('reason').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('sync_errors_run').on(t.runId, t.id)],
);

/**
 * Changes to send to a cart, written in the transaction that makes them and sent by a job: one
 * unsent row per connection, kind and record (later changes fold into it), so none is lost and a
 * burst of sales sends one level per item.
 */
export const cartOutbox = pgTable(
  'cart_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    connectionId: text('connection_id').notNull(),
    kind: text('kind', { enum: ['stock', 'item', 'customer'] }).notNull(),
    tandemId: text('tandem_id').notNull(),
    /** Bumped by every change folded in: a send clears the row only if nothing changed meanwhile. */
    changes: integer('changes').notNull().default(1),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    lastError: text('last_error'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('cart_outbox_one_per_record').on(t.connectionId, t.kind, t.tandemId),
    index('cart_outbox_due').on(t.nextAttemptAt),
  ],
);

/** Webhook deliveries seen, by the cart's delivery id, so a repeated delivery starts nothing. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    connectionId: text('connection_id').notNull(),
    deliveryId: text('delivery_id').notNull(),
    receivedAt: ts('received_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.connectionId, t.deliveryId] }),
    index('webhook_deliveries_received').on(t.receivedAt),
  ],
);
