import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Stored answers to POSTs sent with an Idempotency-Key, per actor. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    state: text('state', { enum: ['in_flight', 'done'] }).notNull(),
    responseStatus: integer('response_status'),
    responseBody: text('response_body'),
    responseType: text('response_type'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index('idempotency_keys_created_at').on(t.createdAt)],
);

/** Fixed-window counters shared by every process (login, register, balance checks). */
export const rateLimitHits = pgTable(
  'rate_limit_hits',
  {
    key: text('key').notNull(),
    windowStart: ts('window_start').notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] }), index('rate_limit_hits_window').on(t.windowStart)],
);

/** Every outgoing email, written in the transaction that causes it and delivered by a job. */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: text('id').primaryKey(),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    /** Null for a plain-text email (the shop's setting for customers' emails). */
    html: text('html'),
    text: text('text').notNull(),
    /**
     * The email as its recipient gets it, when it carries secrets (one-time links, gift card
     * codes): sealed, and only until it is sent. Subject, html and text above hold what staff see.
     */
    sealed: text('sealed'),
    template: text('template').notNull(),
    status: text('status', { enum: ['queued', 'sent', 'failed', 'kept'] })
      .notNull()
      .default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    lastError: text('last_error'),
    messageId: text('message_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
    sentAt: ts('sent_at'),
  },
  (t) => [index('mail_outbox_due').on(t.nextAttemptAt).where(sql`${t.status} = 'queued'`)],
);

/** Sign-in sessions of staff and customers, looked up by the SHA-256 of the cookie value. */
export const sessions = pgTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    kind: text('kind', { enum: ['staff', 'customer'] }).notNull(),
    subjectId: text('subject_id').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
  },
  (t) => [index('sessions_subject').on(t.kind, t.subjectId), index('sessions_expires').on(t.expiresAt)],
);

/** Consecutive failed sign-ins per email (known or not, so the answer never tells which). */
export const loginThrottle = pgTable('login_throttle', {
  emailKey: text('email_key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  lastFailedAt: ts('last_failed_at').notNull().defaultNow(),
});

/** Single-use secrets sent by email: account confirmation, password reset, staff invitation. */
export const oneTimeTokens = pgTable(
  'one_time_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    purpose: text('purpose').notNull(),
    subject: text('subject').notNull(),
    data: jsonb('data').notNull().default({}),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('one_time_tokens_expires').on(t.expiresAt)],
);
